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
        .AddMessageHandler<PostLedgerTransfer, PostTransferHandler>()
        .AddMessageHandler<PlaceLedgerHold, PlaceHoldHandler>()
        .AddMessageHandler<PostLedgerHold, PostHoldHandler>()
        .AddMessageHandler<VoidLedgerHold, VoidHoldHandler>();
}

/// <summary>
/// Applies one saga command as a one-item batch inside the inbox transaction, so the transfer, its events and the
/// reply commit together with the processed-message record: a crash at any point either loses all of them (and the
/// bus redelivers) or none.
/// </summary>
internal sealed class SagaCommandRunner(LedgerDb db, LedgerStore store, IOutbox outbox)
{
    public async Task RunAsync(string command, Transfer transfer, string? reference, MessageContext context, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Saga commands run inside the inbox transaction."));
        var stamped = transfer with { Metadata = Announcements.WithReference(reference) };
        var result = (await store.CreateTransfersAsync(connection, tx, [stamped], new Announce(context.CorrelationId), ct))[0].Result;
        var succeeded = result is CreateTransferResult.Ok or CreateTransferResult.Exists;
        outbox.Add(new LedgerCommandCompleted(transfer.Id, command, result.ToSnakeCase(), succeeded, reference), context.CorrelationId);
    }
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
