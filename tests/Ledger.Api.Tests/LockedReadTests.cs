using Jade.Contracts.Ledger;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Domain.TwoPhase;
using Jade.Ledger.Transfers;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using R = Jade.Ledger.Domain.Transfers.CreateTransferResult;

namespace Jade.Ledger.Api.Tests;

/// <summary>
/// Batches that wait for their accounts' locks while another commits (two replicas taking a saga's step and its
/// resend) decide on what they read under the locks, not on what they read before.
/// The calls go to <see cref="LedgerStore"/> directly, as two replicas would: one service's coalescer would queue them.
/// </summary>
public sealed class LockedReadTests : LedgerFixture
{
    private const string Cny = LedgerApp.Cny;

    private LedgerStore Store => App.Services.GetRequiredService<LedgerStore>();

    [Test]
    public async Task A_transfer_applied_twice_at_once_is_created_once_and_then_exists()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(100);
        var transfer = new Transfer { Id = Guid.CreateVersion7(), DebitAccountId = wallet, CreditAccountId = settlement, Amount = 100, Currency = Cny, Code = 1 };

        var results = await BehindLocksAsync([wallet, settlement],
            () => Store.CreateTransfersAsync([transfer], CancellationToken.None),
            () => Store.CreateTransfersAsync([transfer], CancellationToken.None));

        Assert.Multiple(async () =>
        {
            Assert.That(results.Select(r => r.Single().Result), Is.EquivalentTo(new[] { R.Ok, R.Exists }));
            Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((0L, 100L, 0L, 100L)));
            Assert.That(await FailedAsync(transfer.Id), Is.Zero, "not remembered as failed");
        });
    }

    [Test]
    public async Task A_hold_posted_twice_at_once_in_inbox_transactions_is_posted_once_and_then_exists()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(1_000);
        var hold = Guid.CreateVersion7();
        var placed = await Service.CreateTransfersAsync(LedgerCalls.Move(hold, wallet, settlement, 400, "pending"));
        Assert.That(placed.Single().Status, Is.EqualTo("created"));
        var post = new Transfer { Id = Guid.CreateVersion7(), PendingId = hold, Amount = long.MaxValue, Flags = TransferFlags.PostPendingTransfer };

        var results = await BehindLocksAsync([wallet, settlement], () => AsSagaCommandAsync(post), () => AsSagaCommandAsync(post));

        Assert.Multiple(async () =>
        {
            Assert.That(results, Is.EquivalentTo(new[] { R.Ok, R.Exists }));
            Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((0L, 400L, 0L, 1_000L)));
            Assert.That(await FailedAsync(post.Id), Is.Zero);
            Assert.That(await CountAsync($"SELECT count(*) FROM ledger.outbox_messages WHERE split_part(type, ',', 1) = '{typeof(HoldPosted).FullName}' AND (payload->>'holdId')::uuid = @id", hold),
                Is.EqualTo(1), "one HoldPosted");
        });
    }

    /// <summary>
    /// Runs <paramref name="calls"/> while another transaction holds <paramref name="accounts"/>, and commits that one
    /// once every call waits for the locks (so each has done its reads before locking).
    /// </summary>
    private async Task<T[]> BehindLocksAsync<T>(Guid[] accounts, params Func<Task<T>>[] calls)
    {
        await using var blocker = App.Database.OpenAdminConnection();
        await using var tx = await blocker.BeginTransactionAsync();
        await using (var lockRows = new NpgsqlCommand("SELECT 1 FROM ledger.accounts WHERE id = ANY(@ids) FOR UPDATE", blocker, tx))
        {
            lockRows.Parameters.AddWithValue("ids", accounts);
            await lockRows.ExecuteNonQueryAsync();
        }
        var running = calls.Select(Task.Run).ToArray();
        var waiting = await Eventually.WaitForAsync(() => CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"),
            n => n == calls.Length, TimeSpan.FromSeconds(10));
        Assert.That(waiting, Is.EqualTo(calls.Length), "every call waits for the locks");
        await tx.CommitAsync();
        return await Task.WhenAll(running);
    }

    /// <summary>The way the saga consumer applies a command: inside a transaction it commits itself, announcing what it creates.</summary>
    private async Task<R> AsSagaCommandAsync(Transfer transfer)
    {
        await using var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var results = await Store.CreateTransfersAsync(connection, tx, [transfer], new Announce(new Dictionary<Guid, string?> { [transfer.Id] = null }), CancellationToken.None);
        await tx.CommitAsync();
        return results.Single().Result;
    }

    private Task<long> FailedAsync(Guid id) => CountAsync("SELECT count(*) FROM ledger.failed_transfers WHERE id = @id", id);

    private async Task<long> CountAsync(string sql, Guid? id = null)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = new NpgsqlCommand(sql, connection);
        if (id is { } value) command.Parameters.AddWithValue("id", value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
