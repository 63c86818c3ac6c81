using System.Text.Json;
using Jade.Contracts.Ledger;
using Jade.Ledger.Domain.Transfers;
using Jade.Messaging;

namespace Jade.Ledger.Sagas;

/// <summary>
/// The events a batch made through saga commands publishes, one per created transfer, plus <c>HoldVoided</c> for every
/// announced hold that expired. They are outbox rows written in the batch's own transaction, each under the conversation
/// of the command that created its transfer (an expired hold's release belongs to no command in the batch).
/// </summary>
internal static class Announcements
{
    public static OutboxMessage[] For(IEnumerable<Transfer> created, IEnumerable<Transfer> expiredHolds, DateTimeOffset now, IReadOnlyDictionary<Guid, string?>? correlations)
    {
        var rows = new List<OutboxMessage>();
        foreach (var t in created)
        {
            var reference = Reference(t.Metadata);
            var correlationId = correlations?.GetValueOrDefault(t.Id);
            rows.Add(t switch
            {
                _ when t.Has(TransferFlags.Pending) => OutboxMessage.For(new HoldPlaced(
                    t.Id, t.DebitAccountId, t.CreditAccountId, t.Amount, t.Currency, t.Code, t.Timestamp, t.ExpiresAt, reference), now, correlationId),
                _ when t.Has(TransferFlags.PostPendingTransfer) => OutboxMessage.For(new HoldPosted(
                    t.Id, t.PendingId!.Value, t.DebitAccountId, t.CreditAccountId, t.Amount, t.Currency, t.Timestamp, reference), now, correlationId),
                _ when t.Has(TransferFlags.VoidPendingTransfer) => OutboxMessage.For(new HoldVoided(
                    t.Id, t.PendingId!.Value, t.DebitAccountId, t.CreditAccountId, t.Amount, t.Currency, "voided", reference), now, correlationId),
                _ => OutboxMessage.For(new TransferPosted(
                    t.Id, t.DebitAccountId, t.CreditAccountId, t.Amount, t.Currency, t.Code, t.Timestamp, reference), now, correlationId),
            });
        }
        foreach (var hold in expiredHolds)
        {
            rows.Add(OutboxMessage.For(new HoldVoided(
                null, hold.Id, hold.DebitAccountId, hold.CreditAccountId, hold.Amount, hold.Currency, "expired", Reference(hold.Metadata)), now, correlations?.GetValueOrDefault(hold.Id)));
        }
        return [.. rows];
    }

    /// <summary>Saga commands carry their reference (e.g. a payment order id) in the transfer's metadata.</summary>
    public static string? WithReference(string? reference) =>
        reference is null ? null : JsonSerializer.Serialize(new { reference }, JsonSerializerOptions.Web);

    private static string? Reference(string? metadata)
    {
        if (metadata is null) return null;
        using var doc = JsonDocument.Parse(metadata);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("reference", out var r)
            && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
    }
}
