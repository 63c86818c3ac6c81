using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Pins;

public sealed record PinStatus(bool IsSet, bool Locked, int RemainingAttempts);

public sealed record SetPinRequest(string? Pin, string? CurrentPin);

public static class PinEndpoints
{
    public const string PinNotSetType = "https://jade.example/problems/pin-not-set";

    public static IServiceCollection AddPaymentPin(this IServiceCollection services) =>
        services.AddSingleton<PinHasher>().AddScoped<PinGuard>().AddSingleton<StepUpTokenValidator>();

    public static IEndpointRouteBuilder MapPinEndpoints(this IEndpointRouteBuilder app)
    {
        var pin = app.MapGroup("/api/payments/pin").WithTags("Payment PIN").RequireAuthorization(PaymentsAuthorization.CustomerPolicy);
        pin.MapGet("", GetAsync).WithName("GetPaymentPinStatus");
        // 403 wrong current PIN, 409 set or changed at the same time by another request, 423 locked (reset it instead).
        pin.MapPut("", SetAsync).WithName("SetPaymentPin")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status423Locked);
        // 403 the step-up proof is missing, invalid, expired or spent; 429 over the reset limit.
        pin.MapPost("/reset", PinReset.ResetAsync).WithName("ResetPaymentPin").RequireRateLimiting(PaymentsRateLimits.PinReset)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    internal static async Task<Ok<PinStatus>> GetAsync(PaymentsDb db, HttpContext http, CancellationToken ct)
    {
        var row = await db.PaymentPins.AsNoTracking().SingleOrDefaultAsync(p => p.CustomerId == http.User.CustomerId()!.Value, ct);
        return TypedResults.Ok(row is null
            ? new PinStatus(false, false, PinRules.MaxFailedAttempts)
            : new PinStatus(true, row.LockedAt is not null, row.LockedAt is null ? PinRules.MaxFailedAttempts - row.FailedAttempts : 0));
    }

    /// <summary>Sets the first PIN, or changes it when the current one is given. A locked PIN cannot be changed here.</summary>
    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetAsync(
        SetPinRequest request, PaymentsDb db, PinGuard guard, PinHasher hasher, HttpContext http, TimeProvider time,
        ILogger<SetPinRequest> logger, CancellationToken ct)
    {
        if (PinRules.ProblemWith(request.Pin) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pin"] = [problem] });
        }
        var customer = http.User.CustomerId()!.Value;
        var row = await db.PaymentPins.SingleOrDefaultAsync(p => p.CustomerId == customer, ct);
        if (row is null)
        {
            db.PaymentPins.Add(new PaymentPinRow { CustomerId = customer, Hash = hasher.Hash(request.Pin!), UpdatedAt = time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return TypedResults.Problem("A payment PIN was set at the same time; change it with the current PIN.", statusCode: StatusCodes.Status409Conflict);
            }
            logger.LogInformation("Payment PIN set by customer {CustomerId}", customer);
            return TypedResults.NoContent();
        }
        if (!PinRules.IsWellFormed(request.CurrentPin))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["currentPin"] = ["Enter your current 6-digit payment PIN."] });
        }
        var check = await guard.CheckAsync(customer, request.CurrentPin!, ct);
        if (Refusal(check) is { } refused) return refused;
        // Compare-and-set on the hash just verified, so two changes racing cannot both win.
        var changed = await db.PaymentPins.Where(p => p.CustomerId == customer && p.Hash == row.Hash && p.LockedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Hash, hasher.Hash(request.Pin!)).SetProperty(p => p.FailedAttempts, 0)
                .SetProperty(p => p.UpdatedAt, time.GetUtcNow()), ct);
        if (changed == 0) return TypedResults.Problem("The PIN changed at the same time; try again.", statusCode: StatusCodes.Status409Conflict);
        logger.LogInformation("Payment PIN changed by customer {CustomerId}", customer);
        return TypedResults.NoContent();
    }

    /// <summary>The answer for a PIN check that did not pass; null when it did.</summary>
    public static ProblemHttpResult? Refusal(PinCheckResult check) => check.Outcome switch
    {
        PinCheck.Correct => null,
        PinCheck.NotSet => TypedResults.Problem("Set a payment PIN before you pay.", statusCode: StatusCodes.Status409Conflict,
            title: "No payment PIN", type: PinNotSetType),
        PinCheck.Locked => TypedResults.Problem(
            "Your payment PIN is locked after too many wrong tries; payments that need it are refused until it is reset.",
            statusCode: StatusCodes.Status423Locked, title: "Payment PIN locked"),
        _ => TypedResults.Problem($"Wrong payment PIN. {check.RemainingAttempts} tries left before it locks.",
            statusCode: StatusCodes.Status403Forbidden, title: "Wrong payment PIN",
            extensions: new Dictionary<string, object?> { ["remainingAttempts"] = check.RemainingAttempts }),
    };
}
