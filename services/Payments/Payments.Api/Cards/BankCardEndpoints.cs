using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Cards;

public static class BankCardEndpoints
{
    public static IEndpointRouteBuilder MapBankCardEndpoints(this IEndpointRouteBuilder app)
    {
        var cards = app.MapGroup("/api/payments/cards").WithTags("Bank cards").RequireAuthorization(PaymentsAuthorization.CustomerPolicy);
        cards.MapGet("", ListAsync).WithName("ListBankCards");
        // 409: the card is already bound, or the customer has the most cards allowed.
        cards.MapPost("", BindAsync).WithName("BindBankCard").AcceptIdempotencyKey().ProducesProblem(StatusCodes.Status409Conflict);
        cards.MapGet("/{id:guid}", GetAsync).WithName("GetBankCard");
        cards.MapDelete("/{id:guid}", RemoveAsync).WithName("RemoveBankCard");
        return app;
    }

    internal static async Task<Ok<List<BankCardView>>> ListAsync(PaymentsDb db, HttpContext http, CancellationToken ct)
    {
        var customer = http.User.CustomerId()!.Value;
        var cards = await Bound(db, customer).OrderByDescending(c => c.BoundAt).ToListAsync(ct);
        return TypedResults.Ok(cards.Select(BankCardView.Of).ToList());
    }

    internal static async Task<Results<Ok<BankCardView>, NotFound>> GetAsync(Guid id, PaymentsDb db, HttpContext http, CancellationToken ct) =>
        await Bound(db, http.User.CustomerId()!.Value).SingleOrDefaultAsync(c => c.Id == id, ct) is { } card
            ? TypedResults.Ok(BankCardView.Of(card))
            : TypedResults.NotFound();

    internal static async Task<Results<Created<BankCardView>, ValidationProblem, ProblemHttpResult>> BindAsync(
        BindCardRequest request, PaymentsDb db, HttpContext http, TimeProvider time, ILogger<BindCardRequest> logger, CancellationToken ct)
    {
        var (digits, holder, label, errors) = BankCardRequests.Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var customer = http.User.CustomerId()!.Value;
        // Two binds side by side would both pass the checks below and insert: one at a time per customer.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.LockUntilCommitAsync($"payments.cards/{customer}", ct);
        // A customer has a handful of cards: comparing against the decrypted numbers needs no searchable hash of the
        // number, which would be one more secret to keep.
        var existing = await Bound(db, customer).ToListAsync(ct);
        if (existing.Any(c => c.Number == digits))
        {
            return TypedResults.Problem("This card is already bound to your wallet.", statusCode: StatusCodes.Status409Conflict);
        }
        if (existing.Count >= BankCardRequests.MaxCardsPerCustomer)
        {
            return TypedResults.Problem($"At most {BankCardRequests.MaxCardsPerCustomer} cards can be bound; remove one first.",
                statusCode: StatusCodes.Status409Conflict);
        }
        var card = new BankCardRow
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()), CustomerId = customer, Number = digits, HolderName = holder,
            First6 = digits[..6], Last4 = digits[^4..], Length = digits.Length, Label = label, BoundAt = time.GetUtcNow(),
        };
        db.BankCards.Add(card);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Card {CardId} ending {Last4} bound by customer {CustomerId}", card.Id, card.Last4, customer);
        return TypedResults.Created($"/api/payments/cards/{card.Id}", BankCardView.Of(card));
    }

    internal static async Task<Results<NoContent, NotFound>> RemoveAsync(Guid id, PaymentsDb db, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        var removed = await Bound(db, http.User.CustomerId()!.Value).Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RemovedAt, time.GetUtcNow()), ct);
        return removed == 1 ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    /// <summary>The customer's cards that are still bound: another customer's card is simply not there.</summary>
    private static IQueryable<BankCardRow> Bound(PaymentsDb db, Guid customer) =>
        db.BankCards.Where(c => c.CustomerId == customer && c.RemovedAt == null);
}
