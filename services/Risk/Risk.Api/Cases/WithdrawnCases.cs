using System.Text.Json;
using Jade.Contracts.Payments;
using Jade.Messaging;
using Jade.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Cases;

public static class WithdrawnCases
{
    public static IServiceCollection AddCaseWithdrawals(this IServiceCollection services) =>
        services.AddMessageHandler<PaymentFailed, WithdrawCaseOfFailedPayment>();
}

/// <summary>
/// Closes the review case of a payment that failed while the case was still open (the payer cancelled it, or the
/// review ran out of time), so officers are not left deciding what no longer waits for them. The case becomes
/// withdrawn, with the payment's failure reason as its comment and payments as the actor in the audit trail. An
/// officer's decision racing it loses one way or the other on the case's status, which is a concurrency token: the
/// redelivered event then finds the case resolved and leaves it.
/// </summary>
internal sealed class WithdrawCaseOfFailedPayment(RiskDb db, TimeProvider time) : IMessageHandler<PaymentFailed>
{
    public static readonly AuditActor Payments = new("payments", "payments", null);

    public async Task HandleAsync(PaymentFailed failed, MessageContext context, CancellationToken ct)
    {
        var row = await db.Cases.SingleOrDefaultAsync(c => c.Kind == CaseKinds.Transaction && c.SubjectId == failed.PaymentId, ct);
        if (row is not { Status: CaseStatus.Open }) return;
        var now = time.GetUtcNow();
        row.Status = CaseStatus.Withdrawn;
        row.ResolvedAt = now;
        row.ResolvedBy = Payments.Id;
        row.ResolvedByName = Payments.Name;
        row.Comment = $"The payment failed before a decision: {failed.Reason}";
        await db.AppendAuditAsync(Payments, "case.withdraw", "case", row.Id.ToString(),
            JsonSerializer.Serialize(new { Status = CaseStatus.Open }, JsonSerializerOptions.Web),
            JsonSerializer.Serialize(new { row.Status, row.Comment }, JsonSerializerOptions.Web), now, ct);
    }
}
