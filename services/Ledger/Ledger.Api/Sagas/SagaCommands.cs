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

    /// <summary>Answers a command the ledger must not apply with <paramref name="status"/>, in its turn among the batch's replies.</summary>
    public Task RefuseAsync(string command, Guid transferId, string status, string? reference, MessageContext context)
    {
        _pending.Add(new PendingCommand(command, new Transfer { Id = transferId }, reference, context.CorrelationId, status));
        return Task.CompletedTask;
    }

    public async Task BeforeCommitAsync(CancellationToken ct)
    {
        if (_pending.Count == 0) return;
        var applied = _pending.Where(p => p.Refusal is null).ToList();
        var results = applied.Count == 0 ? [] : await ApplyAsync(applied, ct);
        var next = 0;
        foreach (var (command, transfer, reference, correlationId, refusal) in _pending)
        {
            var result = refusal is null ? results[next++].Result : (CreateTransferResult?)null;
            var succeeded = result is CreateTransferResult.Ok or CreateTransferResult.Exists;
            outbox.Add(new LedgerCommandCompleted(transfer.Id, command, result?.ToSnakeCase() ?? refusal!, succeeded, reference), correlationId);
        }
        _pending.Clear();
    }

    private async Task<IReadOnlyList<ItemResult<CreateTransferResult>>> ApplyAsync(List<PendingCommand> commands, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Saga commands run inside the inbox transaction."));
        var correlations = new Dictionary<Guid, string?>();
        foreach (var p in commands) correlations.TryAdd(p.Transfer.Id, p.CorrelationId);
        return await store.CreateTransfersAsync(connection, tx, [.. commands.Select(p => p.Transfer)], new Announce(correlations), ct);
    }

    private sealed record PendingCommand(string Command, Transfer Transfer, string? Reference, string? CorrelationId, string? Refusal = null);
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
    /// <summary>The reply to a post of amount 0: the contract spells "all of it" as a null amount, never as 0.</summary>
    public const string AmountMustNotBeZero = "amount_must_not_be_zero";

    // The engine reads long.MaxValue as "the full held amount"; a command says so with null. The engine reads 0 that
    // way too (TigerBeetle's old spelling, kept for the HTTP API), so a 0 here would post everything: it is refused.
    public Task HandleAsync(PostLedgerHold m, MessageContext context, CancellationToken ct) => m.Amount == 0
        ? runner.RefuseAsync(nameof(PostLedgerHold), m.TransferId, AmountMustNotBeZero, m.Reference, context)
        : runner.RunAsync(nameof(PostLedgerHold), new Transfer
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
