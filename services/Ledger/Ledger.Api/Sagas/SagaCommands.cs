using Jade.Contracts.Ledger;
using Jade.Ledger.Domain.Results;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Transfers;
using Jade.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Jade.Ledger.Sagas;

public static class SagaCommands
{
    public static IServiceCollection AddSagaCommands(this IServiceCollection services) => services
        .AddScoped<SagaCommandRunner>()
        .AddScoped<IInboxBatchParticipant>(sp => sp.GetRequiredService<SagaCommandRunner>())
        .AddMessageHandler<PostLedgerTransfer, PostTransferHandler>()
        .AddMessageHandler<PlaceLedgerHold, PlaceHoldHandler>()
        .AddMessageHandler<PostLedgerHold, PostHoldHandler>()
        .AddMessageHandler<VoidLedgerHold, VoidHoldHandler>();
}

/// <summary>
/// Collects the saga commands of one inbox batch and applies them as one ledger batch just before the inbox commits,
/// so the transfers, their events and the replies commit together with the processed-message records: a crash at any
/// point either loses all of them (and the bus redelivers) or none. One ledger batch locks a popular account (the
/// holds' clearing account) once for all its commands instead of once per command, which is what let the ledger keep
/// up with the payment sagas. Results are per command, as if each had been applied on its own in arrival order.
/// </summary>
internal sealed class SagaCommandRunner(LedgerDb db, LedgerStore store, IOutbox outbox) : IInboxBatchParticipant
{
    private readonly List<PendingCommand> _pending = [];

    public Task RunAsync(string command, Transfer transfer, string? reference, MessageContext context, CancellationToken ct)
    {
        _pending.Add(new PendingCommand(command, transfer with { Metadata = Announcements.WithReference(reference) }, reference, context.CorrelationId));
        return Task.CompletedTask;
    }

    public async Task BeforeCommitAsync(CancellationToken ct)
    {
        if (_pending.Count == 0) return;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Saga commands run inside the inbox transaction."));
        var correlations = new Dictionary<Guid, string?>();
        foreach (var p in _pending) correlations.TryAdd(p.Transfer.Id, p.CorrelationId);
        var results = await store.CreateTransfersAsync(connection, tx, [.. _pending.Select(p => p.Transfer)], new Announce(correlations), ct);
        for (var i = 0; i < _pending.Count; i++)
        {
            var (command, transfer, reference, correlationId) = _pending[i];
            var result = results[i].Result;
            var succeeded = result is CreateTransferResult.Ok or CreateTransferResult.Exists;
            outbox.Add(new LedgerCommandCompleted(transfer.Id, command, result.ToSnakeCase(), succeeded, reference), correlationId);
        }
        _pending.Clear();
    }

    private sealed record PendingCommand(string Command, Transfer Transfer, string? Reference, string? CorrelationId);
}

internal sealed class PostTransferHandler(SagaCommandRunner runner) : IMessageHandler<PostLedgerTransfer>
{
    public Task HandleAsync(PostLedgerTransfer m, MessageContext context, CancellationToken ct) =>
        runner.RunAsync(nameof(PostLedgerTransfer), new Transfer
        {
            Id = m.TransferId, DebitAccountId = m.DebitAccountId, CreditAccountId = m.CreditAccountId, Amount = m.Amount,
            Currency = m.Currency, Code = m.Code,
        }, m.Reference, context, ct);
}

internal sealed class PlaceHoldHandler(SagaCommandRunner runner) : IMessageHandler<PlaceLedgerHold>
{
    public Task HandleAsync(PlaceLedgerHold m, MessageContext context, CancellationToken ct) =>
        runner.RunAsync(nameof(PlaceLedgerHold), new Transfer
        {
            Id = m.TransferId, DebitAccountId = m.DebitAccountId, CreditAccountId = m.CreditAccountId, Amount = m.Amount,
            Currency = m.Currency, Code = m.Code, Flags = TransferFlags.Pending,
            TimeoutSeconds = m.TimeoutSeconds,
        }, m.Reference, context, ct);
}

internal sealed class PostHoldHandler(SagaCommandRunner runner) : IMessageHandler<PostLedgerHold>
{
    // The engine reads long.MaxValue as "the full held amount"; a command says so with null.
    public Task HandleAsync(PostLedgerHold m, MessageContext context, CancellationToken ct) =>
        runner.RunAsync(nameof(PostLedgerHold), new Transfer
        {
            Id = m.TransferId, PendingId = m.HoldId, Amount = m.Amount ?? long.MaxValue, Flags = TransferFlags.PostPendingTransfer,
        }, m.Reference, context, ct);
}

internal sealed class VoidHoldHandler(SagaCommandRunner runner) : IMessageHandler<VoidLedgerHold>
{
    public Task HandleAsync(VoidLedgerHold m, MessageContext context, CancellationToken ct) =>
        runner.RunAsync(nameof(VoidLedgerHold), new Transfer
        {
            Id = m.TransferId, PendingId = m.HoldId, Flags = TransferFlags.VoidPendingTransfer,
        }, m.Reference, context, ct);
}
