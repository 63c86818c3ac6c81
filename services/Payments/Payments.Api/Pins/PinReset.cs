using System.Text.Json;
using Jade.Persistence;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Pins;

public sealed record ResetPinRequest(string? StepUpToken, string? Pin);

/// <summary>A step-up proof spent on a PIN reset; the primary key makes each proof good for one reset only.</summary>
public sealed class StepUpUseRow
{
    public required string TokenId { get; init; }
    public Guid CustomerId { get; init; }
    public required string Purpose { get; init; }
    public required string Method { get; init; }
    public DateTimeOffset UsedAt { get; init; }

    public static void Configure(ModelBuilder model) => model.Entity<StepUpUseRow>(e =>
    {
        e.ToTable("step_up_uses");
        e.HasKey(u => u.TokenId);
        e.Property(u => u.TokenId).HasMaxLength(128);
        e.Property(u => u.Purpose).HasMaxLength(64);
        e.Property(u => u.Method).HasMaxLength(32);
        e.HasIndex(u => u.CustomerId);
    });
}

/// <summary>
/// Forgotten or locked PIN: the customer proves their authenticator to identity, which answers with a step-up token for
/// <see cref="StepUpTokens.Purposes.PaymentPinReset"/>; this sets the new PIN and lifts the lock. The password alone
/// (a stolen session) is not enough, and each proof resets once.
/// </summary>
public static class PinReset
{
    public const string StepUpRefusedType = "https://jade.example/problems/step-up-refused";

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetAsync(
        ResetPinRequest request, PaymentsDb db, PinHasher hasher, StepUpTokenValidator stepUp, HttpContext http, TimeProvider time,
        ILogger<ResetPinRequest> logger, CancellationToken ct)
    {
        if (PinRules.ProblemWith(request.Pin) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pin"] = [problem] });
        }
        var customer = http.User.CustomerId()!.Value;
        var proof = await stepUp.ValidateAsync(request.StepUpToken, http.User.Subject()!, StepUpTokens.Purposes.PaymentPinReset, ct);
        if (proof is null)
        {
            logger.LogWarning("Payment PIN reset refused for customer {CustomerId}: step-up proof invalid or expired", customer);
            return Refused();
        }
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.StepUpUses.Add(new StepUpUseRow { TokenId = proof.TokenId, CustomerId = customer, Purpose = proof.Purpose, Method = proof.Method, UsedAt = now });
        var row = await db.PaymentPins.FromSql($"SELECT * FROM payments.payment_pins WHERE customer_id = {customer} FOR UPDATE").SingleOrDefaultAsync(ct);
        // Lifting a lock is a security decision: the audit trail keeps who did it, from where, and with which proof.
        await db.AppendAuditAsync(AuditActor.Of(http), "payment_pin.reset", "payment_pin", customer.ToString(),
            row is null ? null : JsonSerializer.Serialize(new { isSet = true, locked = row.LockedAt is not null, row.FailedAttempts }, JsonSerializerOptions.Web),
            JsonSerializer.Serialize(new { isSet = true, locked = false, failedAttempts = 0, stepUp = new { proof.Method, proof.TokenId } }, JsonSerializerOptions.Web),
            now, ct);
        if (row is null)
        {
            db.PaymentPins.Add(new PaymentPinRow { CustomerId = customer, Hash = hasher.Hash(request.Pin!), UpdatedAt = now });
        }
        else
        {
            row.Hash = hasher.Hash(request.Pin!);
            row.FailedAttempts = 0;
            row.LockedAt = null;
            row.UpdatedAt = now;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            logger.LogWarning("Payment PIN reset refused for customer {CustomerId}: step-up proof already used", customer);
            return Refused();
        }
        logger.LogInformation("Payment PIN reset by customer {CustomerId} after step-up ({Method})", customer, proof.Method);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Refused() => TypedResults.Problem(
        "The authenticator proof is invalid, expired or already used. Enter a fresh authenticator code.",
        statusCode: StatusCodes.Status403Forbidden, title: "Verification needed", type: StepUpRefusedType);
}
