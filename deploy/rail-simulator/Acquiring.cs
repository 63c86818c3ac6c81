using System.Collections.Concurrent;
using System.Net;
using Jade.Payments.Channels;
using Microsoft.Extensions.Options;

namespace Jade.RailSimulator;

/// <summary>
/// The card acquirer: charges confirmed by the card holder on a hosted page, and full refunds of succeeded charges, both
/// notified asynchronously.
/// </summary>
public static class Acquiring
{
    private sealed record Entry(Charge Charge, string ReturnUrl, string NotifyUrl);

    private static readonly ConcurrentDictionary<string, Entry> Charges = new();
    private static readonly ConcurrentDictionary<string, string> ByReference = new();
    private static readonly ConcurrentDictionary<string, Refund> Refunds = new();
    private static readonly ConcurrentDictionary<string, string> RefundByReference = new();

    public static void MapAcquiring(this WebApplication app)
    {
        var api = app.MapGroup("/acquiring/v1");
        api.MapPost("/charges", Create);
        api.MapGet("/charges/{id}", (string id) => Charges.TryGetValue(id, out var e) ? Results.Ok(e.Charge) : Results.NotFound());
        api.MapGet("/charges/{id}/confirm", ConfirmPage);
        api.MapPost("/charges/{id}/confirm", Confirm).DisableAntiforgery();
        api.MapPost("/refunds", CreateRefund);
        api.MapGet("/refunds/{id}", (string id) => Refunds.TryGetValue(id, out var r) ? Results.Ok(r) : Results.NotFound());
        api.MapGet("/statements", (DateOnly date) => Results.Ok(new Statement(date, [
            .. Charges.Values.Select(e => e.Charge)
                .Where(c => c.Status == ChannelStatuses.Succeeded && DateOnly.FromDateTime(c.SettledAt!.Value.UtcDateTime) == date)
                .Select(c => new StatementLine(c.ChargeId, c.Reference, StatementKinds.Charge, c.Amount, c.Currency, c.SettledAt!.Value)),
            .. Refunds.Values
                .Where(r => r.Status == ChannelStatuses.Succeeded && DateOnly.FromDateTime(r.SettledAt!.Value.UtcDateTime) == date)
                .Select(r => new StatementLine(r.RefundId, r.Reference, StatementKinds.Refund, r.Amount, r.Currency, r.SettledAt!.Value)),
        ])));
    }

    /// <summary>A full refund of a succeeded charge, settled and notified after the delay; the reference is the idempotency key.</summary>
    private static IResult CreateRefund(CreateRefund request, Notifier notifier, IOptions<SimulatorOptions> options, TimeProvider time)
    {
        if (!Charges.TryGetValue(request.ChargeId ?? "", out var entry) || entry.Charge.Reference != request.Reference)
        {
            return Results.Problem("No charge with this id and reference.", statusCode: 404);
        }
        if (entry.Charge.Status != ChannelStatuses.Succeeded) return Results.Problem($"The charge is {entry.Charge.Status}; only a succeeded charge can be refunded.", statusCode: 409);
        if (request.Amount != entry.Charge.Amount || request.Currency != entry.Charge.Currency)
        {
            return Results.Problem("Only a full refund of the charge is supported.", statusCode: 422);
        }
        var created = false;
        var id = RefundByReference.GetOrAdd(request.Reference, _ => $"re_{Guid.NewGuid():N}");
        var refund = Refunds.GetOrAdd(id, _ =>
        {
            created = true;
            return new Refund(id, request.ChargeId!, request.Reference, ChannelStatuses.Processing, request.Amount, request.Currency, null, time.GetUtcNow(), null);
        });
        if (created) _ = SettleRefundLaterAsync(id, request.NotifyUrl, notifier, options.Value, time);
        return Results.Created($"/acquiring/v1/refunds/{id}", refund);
    }

    private static async Task SettleRefundLaterAsync(string id, string notifyUrl, Notifier notifier, SimulatorOptions options, TimeProvider time)
    {
        await Task.Delay(options.NotifyDelay, time);
        var settled = Refunds.AddOrUpdate(id, _ => throw new InvalidOperationException(), (_, r) => r with { Status = ChannelStatuses.Succeeded, SettledAt = time.GetUtcNow() });
        notifier.Send(notifyUrl, options.AcquirerSecret, new ChannelNotification($"evt_{Guid.NewGuid():N}", "refund.succeeded", id, settled.Reference,
            settled.Status, settled.Amount, settled.Currency, null, time.GetUtcNow()), TimeSpan.Zero);
    }

    private static IResult Create(CreateCharge request, HttpContext http, IOptions<SimulatorOptions> options, TimeProvider time)
    {
        if (request.Amount <= 0 || string.IsNullOrEmpty(request.Reference)) return Results.Problem("Amount and reference are required.", statusCode: 400);
        // The reference is the idempotency key: a retried create answers the charge already made.
        var id = ByReference.GetOrAdd(request.Reference, _ => $"ch_{Guid.NewGuid():N}");
        var entry = Charges.GetOrAdd(id, _ => new Entry(new Charge(id, request.Reference, ChannelStatuses.Pending, request.Amount, request.Currency,
            $"{options.Value.PublicBaseUrl}/acquiring/v1/charges/{id}/confirm", null, null, time.GetUtcNow(), null), request.ReturnUrl, request.NotifyUrl));
        return entry.Charge.Amount == request.Amount
            ? Results.Created($"/acquiring/v1/charges/{id}", entry.Charge)
            : Results.Problem("This reference was used for another amount.", statusCode: 422);
    }

    private const string Style = "body{font-family:sans-serif;max-width:26rem;margin:3rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}.error{color:#b00}";

    private static IResult ConfirmPage(string id, string? error)
    {
        if (!Charges.TryGetValue(id, out var entry)) return Results.NotFound();
        var c = entry.Charge;
        var amount = $"{c.Amount / 100}.{c.Amount % 100:00} {c.Currency}";
        var message = error is null ? "" : $"<p role=\"alert\" class=\"error\">{WebUtility.HtmlEncode(error)}</p>";
        var form = c.Status != ChannelStatuses.Pending
            ? $"<p>This charge is {c.Status}.</p>"
            : $"""
              <form method="post">
                <label for="card">Card number</label>
                <input id="card" name="cardNumber" inputmode="numeric" autocomplete="cc-number" required>
                <label for="expiry">Expiry (MM/YY)</label>
                <input id="expiry" name="expiry" autocomplete="cc-exp" value="12/30" required>
                <label for="cvc">CVC</label>
                <input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" value="123" required>
                <button type="submit">Pay {amount}</button>
              </form>
              """;
        return Results.Content($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rail Simulator — pay {amount}</title>
            <style>{Style}</style></head>
            <body><h1>Card payment</h1><p>Jade top-up: <strong>{amount}</strong></p>{message}{form}
            <p><small>Simulator test cards: {TestCards.Declined} is declined, {TestCards.NeverAnswers} never gets an answer, any other valid card succeeds.</small></p>
            </body></html>
            """, "text/html; charset=utf-8");
    }

    private static async Task<IResult> Confirm(string id, HttpContext http, Notifier notifier, IOptions<SimulatorOptions> options, TimeProvider time)
    {
        if (!Charges.TryGetValue(id, out var entry)) return Results.NotFound();
        var form = await http.Request.ReadFormAsync();
        var number = new string(form["cardNumber"].ToString().Where(char.IsAsciiDigit).ToArray());
        if (!Luhn.IsValid(number)) return Results.Redirect($"/acquiring/v1/charges/{id}/confirm?error=" + Uri.EscapeDataString("That card number is not valid."));
        if (entry.Charge.Status == ChannelStatuses.Pending && TestCards.OutcomeOf(number) is var (status, failure))
        {
            var settled = entry.Charge with { Status = status, FailureCode = failure, CardLast4 = number[^4..], SettledAt = time.GetUtcNow() };
            if (Charges.TryUpdate(id, entry with { Charge = settled }, entry))
            {
                notifier.Send(entry.NotifyUrl, options.Value.AcquirerSecret, new ChannelNotification($"evt_{Guid.NewGuid():N}", $"charge.{status}", id,
                    settled.Reference, status, settled.Amount, settled.Currency, failure, time.GetUtcNow()), options.Value.NotifyDelay);
            }
        }
        return Results.Redirect(entry.ReturnUrl);
    }
}
