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
/// resend, a hold expiring meanwhile) decide on what they read under the locks, not on what they read before.
/// The calls go to <see cref="LedgerStore"/> directly, as two replicas would: one service's coalescer would queue them.
/// </summary>
public sealed class LockedReadTests : LedgerFixture
{
    private const string Cny = LedgerApp.Cny;

    // Only the write path may release the expiring hold here.
    protected override IReadOnlyDictionary<string, string>? Settings { get; } =
        new Dictionary<string, string> { ["Ledger:HoldSweeper:Interval"] = "01:00:00" };

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

    [Test]
    public async Task A_hold_that_expires_while_the_batch_waits_is_released_before_the_limit_is_judged()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(100);
        // The hold credits an account the spend does not touch: the batch must lock it once it finds the hold expired.
        var merchant = Guid.CreateVersion7();
        Assert.That((await Service.CreateAccountsAsync(LedgerCalls.Settlement(merchant))).Single().Status, Is.EqualTo("created"));
        var hold = Guid.CreateVersion7();
        var placed = await Service.CreateTransfersAsync(new
        {
            id = hold, debitAccountId = wallet, creditAccountId = merchant, amount = 100L, currency = Cny, code = 1,
            flags = new[] { "pending" }, timeoutSeconds = 2L,
        });
        Assert.That(placed.Single().Status, Is.EqualTo("created"));
        var spend = new Transfer { Id = Guid.CreateVersion7(), DebitAccountId = wallet, CreditAccountId = settlement, Amount = 100, Currency = Cny, Code = 1 };

        var results = await BehindLocksAsync([wallet, settlement], async () =>
            {
                Assume.That(await HoldExpiredAsync(hold), Is.False, "the batch read before locking while the hold was open");
                Assert.That(await Eventually.WaitForAsync(() => HoldExpiredAsync(hold), expired => expired, TimeSpan.FromSeconds(10)), Is.True);
            },
            () => Store.CreateTransfersAsync([spend], CancellationToken.None));

        Assert.Multiple(async () =>
        {
            Assert.That(results.Single().Single().Result, Is.EqualTo(R.Ok));
            Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((0L, 100L, 0L, 100L)));
            Assert.That(await CountAsync($"SELECT count(*) FROM ledger.pending_status WHERE transfer_id = @id AND status = {(int)PendingStatus.Expired}", hold), Is.EqualTo(1));
        });
    }

    private Task<T[]> BehindLocksAsync<T>(Guid[] accounts, params Func<Task<T>>[] calls) => BehindLocksAsync(accounts, () => Task.CompletedTask, calls);

    /// <summary>
    /// Runs <paramref name="calls"/> while another transaction holds <paramref name="accounts"/>, and commits that one
    /// once every call waits for the locks (so each has done its reads before locking) and <paramref name="meanwhile"/> is done.
    /// </summary>
    private async Task<T[]> BehindLocksAsync<T>(Guid[] accounts, Func<Task> meanwhile, params Func<Task<T>>[] calls)
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
        await meanwhile();
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

    private async Task<bool> HoldExpiredAsync(Guid hold) =>
        await CountAsync($"SELECT count(*) FROM ledger.pending_status WHERE transfer_id = @id AND expires_at <= {LedgerRows.NowSql}", hold) == 1;

    private async Task<long> CountAsync(string sql, Guid? id = null)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = new NpgsqlCommand(sql, connection);
        if (id is { } value) command.Parameters.AddWithValue("id", value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
