using System.ComponentModel.DataAnnotations;
using Jade.Contracts.Identity;
using Jade.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Customers;

public sealed record PayeeView(Guid CustomerId, string MaskedEmail);

public static class PayeeEndpoints
{
    public static IServiceCollection AddCustomerDirectory(this IServiceCollection services) => services
        .AddMessageHandler<UserRegistered, RecordRegisteredCustomer>()
        .AddMessageHandler<KycVerified, RecordKycLevel>();

    public static IEndpointRouteBuilder MapPayeeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payments/payees", FindAsync).WithTags("Payees").WithName("FindPayee")
            .RequireAuthorization(PaymentsAuthorization.CustomerPolicy)
            .RequireRateLimiting(PaymentsRateLimits.PayeeLookup);
        return app;
    }

    /// <summary>
    /// Finds the Jade customer behind an e-mail address and shows it masked, so the payer can confirm the person without
    /// learning more than they typed. Rate-limited per customer against harvesting addresses.
    /// </summary>
    internal static async Task<Results<Ok<PayeeView>, ValidationProblem, ProblemHttpResult>> FindAsync(
        string? email, PaymentsDb db, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 256 || !new EmailAddressAttribute().IsValid(email.Trim()))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Enter a valid e-mail address."] });
        }
        var normalized = CustomerRow.Normalize(email);
        var payee = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Email == normalized, ct);
        if (payee is null)
        {
            return TypedResults.Problem("No Jade customer uses this e-mail address.", statusCode: StatusCodes.Status404NotFound, title: "Unknown payee");
        }
        if (payee.Id == http.User.CustomerId())
        {
            return TypedResults.Problem("You cannot send money to yourself.", statusCode: StatusCodes.Status422UnprocessableEntity, title: "That is you");
        }
        return TypedResults.Ok(new PayeeView(payee.Id, EmailMask.Mask(normalized)));
    }
}
