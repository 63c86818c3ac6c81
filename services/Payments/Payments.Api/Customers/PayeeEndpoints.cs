using System.ComponentModel.DataAnnotations;
using Jade.Contracts.Identity;
using Jade.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Customers;

/// <summary>A payee as the payer may see it: masked, and only the kinds of contact the directory knows.</summary>
public sealed record PayeeView(Guid CustomerId, string? MaskedEmail, string? MaskedPhone)
{
    public static PayeeView Of(CustomerRow row) =>
        new(row.Id, row.Email is null ? null : EmailMask.Mask(row.Email), row.MaskedPhone);
}

public static class PayeeEndpoints
{
    public static IHostApplicationBuilder AddCustomerDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services
            .AddSingleton(PhoneDirectoryIndex.Create(builder.Configuration, builder.Environment))
            .AddMessageHandler<UserRegistered, RecordRegisteredCustomer>()
            .AddMessageHandler<KycVerified, RecordKycLevel>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPayeeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payments/payees", FindAsync).WithTags("Payees").WithName("FindPayee")
            .RequireAuthorization(PaymentsAuthorization.CustomerPolicy)
            .RequireRateLimiting(PaymentsRateLimits.PayeeLookup)
            // 404 unknown, 409 a phone number two customers registered, 422 the caller themself, 429 over the lookup limit.
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <summary>
    /// Finds the Jade customer behind an e-mail address or a phone number and shows them masked, so the payer can
    /// confirm the person without learning more than they typed. Rate-limited per customer against harvesting.
    /// </summary>
    internal static async Task<Results<Ok<PayeeView>, ValidationProblem, ProblemHttpResult>> FindAsync(
        string? email, string? phone, PaymentsDb db, PhoneDirectoryIndex phones, HttpContext http, CancellationToken ct)
    {
        if (email is not null && phone is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["phone"] = ["Look a payee up by e-mail or by phone, not both."] });
        }
        List<CustomerRow> found;
        if (phone is not null)
        {
            if (PhoneNumber.Canonical(phone) is not { } canonical)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["phone"] = ["Enter a phone number: digits with an optional + and country code."] });
            }
            var index = phones.Hash(canonical);
            found = await db.Customers.AsNoTracking().Where(c => c.PhoneIndex == index).Take(2).ToListAsync(ct);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(email) || email.Length > 256 || email.Any(char.IsControl) || !new EmailAddressAttribute().IsValid(email.Trim()))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Enter a valid e-mail address or phone number."] });
            }
            var normalized = CustomerRow.Normalize(email);
            found = await db.Customers.AsNoTracking().Where(c => c.Email == normalized).Take(1).ToListAsync(ct);
        }
        switch (found)
        {
            case []:
                return TypedResults.Problem(phone is null ? "No Jade customer uses this e-mail address." : "No Jade customer registered this phone number.",
                    statusCode: StatusCodes.Status404NotFound, title: "Unknown payee");
            case [_, _]:
                return TypedResults.Problem("More than one Jade customer registered this phone number; look the payee up by e-mail instead.",
                    statusCode: StatusCodes.Status409Conflict, title: "Ambiguous phone number");
        }
        var payee = found[0];
        if (payee.Id == http.User.CustomerId())
        {
            return TypedResults.Problem("You cannot send money to yourself.", statusCode: StatusCodes.Status422UnprocessableEntity, title: "That is you");
        }
        return TypedResults.Ok(PayeeView.Of(payee));
    }
}
