using System.Net;
using System.Text.Json;
using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Verification;
using Jade.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static Jade.Ledger.Api.Tests.LedgerCalls;

namespace Jade.Ledger.Api.Tests;

/// <summary>
/// The operator check. Tests that corrupt the ledger through admin SQL restore it before they end, so the fixture's
/// own check at tear-down still runs (and would catch a restore that went wrong).
/// </summary>
public sealed class VerificationTests : LedgerFixture
{
    private Guid _settlement;
    private Guid _wallet;
    private Guid _fee;
    private Guid _payment;
    private Guid _post;
    private Guid _voided;
    private Guid _void;
    private Guid _expiring;

    /// <summary>Every kind of activity: single-phase, a hold posted in part, a voided hold, an expired one, a balancing debit.</summary>
    [OneTimeSetUp]
    public async Task ActAsync()
    {
        (_settlement, _wallet, _) = await Service.FundedWalletAsync(10_000);
        var fee = _fee = Guid.CreateVersion7();
        await Service.CreateAccountsAsync(new { id = fee, currency = Cny, code = 400, flags = new[] { "debits_must_not_exceed_credits" } });
        var (hold, voided, expiring) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        (_voided, _expiring) = (voided, expiring);
        _payment = Guid.CreateVersion7();
        _post = Guid.CreateVersion7();
        _void = Guid.CreateVersion7();
        Expect(await Service.CreateTransfersAsync(
            Move(_payment, _wallet, _settlement, 1_200),
            Move(Guid.CreateVersion7(), _wallet, fee, 30),
            Move(hold, _wallet, _settlement, 500, "pending"),
            Move(voided, _wallet, _settlement, 250, "pending"),
            new { id = expiring, debitAccountId = _wallet, creditAccountId = _settlement, amount = 80L, currency = Cny, code = 1, flags = new[] { "pending" }, timeoutSeconds = 1L }));
        Expect(await Service.CreateTransfersAsync(
            new { id = _post, pendingId = hold, amount = 300L, flags = new[] { "post_pending_transfer" } },
            new { id = _void, pendingId = voided, flags = new[] { "void_pending_transfer" } }));
        await Task.Delay(TimeSpan.FromMilliseconds(1_500));
        // Touching the wallet releases the expired hold (status Expired, no transfer row).
        Expect(await Service.CreateTransfersAsync(Move(Guid.CreateVersion7(), _wallet, fee, long.MaxValue, "balancing_debit")));
    }

    private static void Expect(IReadOnlyList<BatchResult> results) =>
        Assert.That(results.Select(r => r.Status), Is.All.EqualTo("created"));

    private const string Cny = LedgerApp.Cny;

    [Test]
    public async Task A_ledger_after_varied_activity_verifies()
    {
        var report = await App.VerifyLedgerAsync();
        var cny = report.Currencies.Single(c => c.Currency == Cny);
        Assert.Multiple(async () =>
        {
            Assert.That(report.Ok, Is.True, JsonSerializer.Serialize(report.Discrepancies));
            Assert.That(report.DiscrepancyCount, Is.Zero);
            Assert.That(report.Accounts, Is.EqualTo(await App.CountAsync("accounts")));
            Assert.That(report.Transfers, Is.EqualTo(await App.CountAsync("transfers")));
            Assert.That(cny.DebitsPosted, Is.EqualTo(cny.CreditsPosted));
            Assert.That(cny.DebitsPosted, Is.EqualTo(10_000 + 1_200 + 30 + 300 + 8_470), "funding, payment, fee, post, balancing debit of the rest");
            Assert.That(cny.DebitsPending, Is.Zero);
            Assert.That(await StatusesAsync(), Is.EquivalentTo(new[] { 2, 3, 4 }), "posted, voided and expired holds");
        });
    }

    [Test]
    public async Task A_tampered_balance_is_reported_with_its_account_and_field()
    {
        await App.AdminExecuteAsync("UPDATE ledger.accounts SET credits_posted = credits_posted + 7 WHERE id = @id", ("id", _wallet));
        VerificationReport report;
        try
        {
            report = await App.VerifyLedgerAsync();
        }
        finally
        {
            await App.AdminExecuteAsync("UPDATE ledger.accounts SET credits_posted = credits_posted - 7 WHERE id = @id", ("id", _wallet));
        }

        var balance = report.Discrepancies.Single(d => d.Check == Checks.BalanceMismatch);
        Assert.Multiple(() =>
        {
            Assert.That(report.Ok, Is.False);
            Assert.That(report.DiscrepancyCount, Is.EqualTo(2));
            Assert.That(balance.AccountId, Is.EqualTo(_wallet));
            Assert.That(balance.Field, Is.EqualTo("creditsPosted"));
            Assert.That(balance.Expected, Is.EqualTo(10_000));
            Assert.That(balance.Actual, Is.EqualTo(10_007));
            Assert.That(report.Discrepancies.Single(d => d.Check == Checks.CurrencyUnbalanced),
                Is.EqualTo(new Discrepancy(Checks.CurrencyUnbalanced, Cny, null, null, "posted", 20_000, 20_007)), "expected Σdebits, actual Σcredits");
        });
    }

    [Test]
    public async Task A_deleted_transfer_is_reported_on_both_its_accounts()
    {
        var report = await WithoutTransferAsync(_payment, App.VerifyLedgerAsync);
        Assert.Multiple(() =>
        {
            Assert.That(report.Ok, Is.False);
            Assert.That(report.Discrepancies.Where(d => d.Check == Checks.BalanceMismatch).Select(d => (d.AccountId, d.Field, d.Actual - d.Expected)),
                Is.EquivalentTo(new (Guid?, string?, decimal?)[] { (_wallet, "debitsPosted", 1_200), (_settlement, "creditsPosted", 1_200) }));
            Assert.That(report.Discrepancies.Select(d => d.Check), Has.None.EqualTo(Checks.CurrencyUnbalanced), "the balances themselves still balance");
        });
    }

    [Test]
    public async Task A_deleted_post_leaves_its_hold_posted_by_nothing()
    {
        var report = await WithoutTransferAsync(_post, App.VerifyLedgerAsync);
        var resolution = report.Discrepancies.Single(d => d.Check == Checks.ResolutionMismatch);
        Assert.Multiple(() =>
        {
            Assert.That(report.Ok, Is.False);
            Assert.That(resolution.Field, Is.EqualTo("posts"));
            Assert.That(resolution.Expected, Is.EqualTo(1));
            Assert.That(resolution.Actual, Is.Zero);
            Assert.That(report.Discrepancies.Where(d => d.Check == Checks.BalanceMismatch).Select(d => d.AccountId),
                Is.EquivalentTo(new Guid?[] { _wallet, _settlement }));
        });
    }

    [Test]
    public async Task A_post_larger_than_its_hold_is_reported()
    {
        // Rewrite history consistently (post and both balances), so only the rule on amounts, and the wallet's limit it
        // now breaks, can catch it.
        const string grow = """
            UPDATE ledger.transfers SET amount = amount + @d WHERE id = @post;
            UPDATE ledger.accounts SET debits_posted = debits_posted + @d WHERE id = @wallet;
            UPDATE ledger.accounts SET credits_posted = credits_posted + @d WHERE id = @settlement;
            """;
        await App.AdminExecuteAsync(grow, ("d", 900L), ("post", _post), ("wallet", _wallet), ("settlement", _settlement));
        VerificationReport report;
        try
        {
            report = await App.VerifyLedgerAsync();
        }
        finally
        {
            await App.AdminExecuteAsync(grow, ("d", -900L), ("post", _post), ("wallet", _wallet), ("settlement", _settlement));
        }
        Assert.That(report.Discrepancies, Is.EquivalentTo(new[]
        {
            new Discrepancy(Checks.PostExceedsPending, Cny, null, _post, "amount", 500, 1_200),
            new Discrepancy(Checks.DebitsExceedCredits, Cny, _wallet, null, "debits", 10_000, 10_900),
        }));
    }

    private static readonly string[] Corruptions =
    [
        Checks.PendingStatusMissing, Checks.PendingStatusOrphan, Checks.ExpiryMismatch, Checks.ResolutionMismatch,
        Checks.VoidAmountDiffers, Checks.ResolverAccountsDiffer, Checks.ResolverWithoutPending, Checks.AccountMissing,
        Checks.DebitsExceedCredits, Checks.CreditsExceedDebits, Checks.FailedTransferStored,
    ];

    /// <summary>Each rule catches the corruption it exists for (statements run as one script, restored the same way).</summary>
    [TestCaseSource(nameof(Corruptions))]
    public async Task Each_rule_reports_its_corruption(string check)
    {
        var stranger = Guid.CreateVersion7();
        var (corrupt, restore, subject) = check switch
        {
            Checks.PendingStatusMissing => (
                "CREATE TEMP TABLE kept AS SELECT * FROM ledger.pending_status WHERE transfer_id = @voided; DELETE FROM ledger.pending_status WHERE transfer_id = @voided",
                "INSERT INTO ledger.pending_status SELECT * FROM kept; DROP TABLE kept", _voided),
            Checks.PendingStatusOrphan => (
                "INSERT INTO ledger.pending_status (transfer_id, status, expires_at, announced) VALUES (@payment, 1, NULL, false)",
                "DELETE FROM ledger.pending_status WHERE transfer_id = @payment", _payment),
            Checks.ExpiryMismatch => (
                "UPDATE ledger.pending_status SET expires_at = expires_at + 1 WHERE transfer_id = @expiring",
                "UPDATE ledger.pending_status SET expires_at = expires_at - 1 WHERE transfer_id = @expiring", _expiring),
            Checks.ResolutionMismatch => (
                "UPDATE ledger.pending_status SET status = 4 WHERE transfer_id = @voided",
                "UPDATE ledger.pending_status SET status = 3 WHERE transfer_id = @voided", _voided),
            Checks.VoidAmountDiffers => (
                "UPDATE ledger.transfers SET amount = amount - 1 WHERE id = @void",
                "UPDATE ledger.transfers SET amount = amount + 1 WHERE id = @void", _void),
            Checks.ResolverAccountsDiffer => (
                "UPDATE ledger.transfers SET credit_account_id = @fee WHERE id = @void",
                "UPDATE ledger.transfers SET credit_account_id = @settlement WHERE id = @void", _void),
            Checks.ResolverWithoutPending => (
                "UPDATE ledger.transfers SET pending_id = @stranger WHERE id = @void",
                "UPDATE ledger.transfers SET pending_id = @voided WHERE id = @void", _void),
            // The settlement account paid out 10,000 and took in less: a wallet's limit would have refused that.
            Checks.DebitsExceedCredits => (
                $"UPDATE ledger.accounts SET flags = flags | {(int)AccountFlags.DebitsMustNotExceedCredits} WHERE id = @settlement",
                $"UPDATE ledger.accounts SET flags = flags & ~{(int)AccountFlags.DebitsMustNotExceedCredits} WHERE id = @settlement", _settlement),
            // The fee account only took in.
            Checks.CreditsExceedDebits => (
                $"UPDATE ledger.accounts SET flags = (flags & ~{(int)AccountFlags.DebitsMustNotExceedCredits}) | {(int)AccountFlags.CreditsMustNotExceedDebits} WHERE id = @fee",
                $"UPDATE ledger.accounts SET flags = (flags & ~{(int)AccountFlags.CreditsMustNotExceedDebits}) | {(int)AccountFlags.DebitsMustNotExceedCredits} WHERE id = @fee", _fee),
            Checks.FailedTransferStored => (
                $"INSERT INTO ledger.failed_transfers (id, result) VALUES (@payment, {(int)CreateTransferResult.ExceedsCredits})",
                "DELETE FROM ledger.failed_transfers WHERE id = @payment", _payment),
            _ => (
                "UPDATE ledger.transfers SET credit_account_id = @stranger WHERE id = @payment",
                "UPDATE ledger.transfers SET credit_account_id = @settlement WHERE id = @payment", stranger),
        };
        (string, object)[] parameters =
        [
            ("voided", _voided), ("payment", _payment), ("expiring", _expiring), ("void", _void), ("fee", _fee),
            ("settlement", _settlement), ("stranger", stranger),
        ];
        await using var admin = App.Database.OpenAdminConnection();
        await RunAsync(admin, corrupt, parameters);
        VerificationReport report;
        try
        {
            report = await App.VerifyLedgerAsync();
        }
        finally
        {
            await RunAsync(admin, restore, parameters);
        }
        Assert.Multiple(() =>
        {
            Assert.That(report.Ok, Is.False);
            Assert.That(report.Discrepancies.Where(d => d.Check == check).Select(d => d.TransferId ?? d.AccountId), Is.EqualTo(new Guid?[] { subject }),
                JsonSerializer.Serialize(report.Discrepancies));
        });

        static async Task RunAsync(Npgsql.NpgsqlConnection admin, string sql, (string Name, object Value)[] parameters)
        {
            await using var command = admin.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters.Where(p => sql.Contains('@' + p.Name, StringComparison.Ordinal)))
                command.Parameters.AddWithValue(name, value);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Test]
    public async Task The_list_is_capped_and_the_count_is_complete()
    {
        var accounts = Enumerable.Range(0, 120).Select(_ => Settlement(Guid.CreateVersion7())).ToArray();
        Assert.That((await Service.CreateAccountsAsync(accounts)).Select(r => r.Status), Is.All.EqualTo("created"));
        await App.AdminExecuteAsync("UPDATE ledger.accounts SET debits_posted = debits_posted + 1");
        VerificationReport report;
        try
        {
            report = await App.VerifyLedgerAsync();
        }
        finally
        {
            await App.AdminExecuteAsync("UPDATE ledger.accounts SET debits_posted = debits_posted - 1");
        }
        Assert.Multiple(() =>
        {
            Assert.That(report.Discrepancies, Has.Count.EqualTo(LedgerVerifier.MaxListed));
            Assert.That(report.DiscrepancyCount, Is.EqualTo(report.Accounts + 2), "one per account, one for the currency, one for the wallet's limit");
        });
    }

    [Test]
    public async Task The_endpoint_needs_scope_ledger_audit()
    {
        using var writer = App.ServiceClient();
        using var customer = App.CustomerClient(Guid.CreateVersion7());
        using var anonymous = App.CreateClient();
        using var auditor = App.AuditorClient();
        Assert.Multiple(async () =>
        {
            Assert.That((await writer.GetAsync("/api/ledger/verification")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await customer.GetAsync("/api/ledger/verification")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await anonymous.GetAsync("/api/ledger/verification")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await auditor.GetAsync("/api/ledger/verification")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await auditor.GetAsync($"/api/ledger/accounts/{_wallet}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden),
                "auditing grants no account reads");
        });
    }

    [Test]
    public async Task The_verify_command_prints_the_report_and_exits_by_its_outcome()
    {
        var command = App.Services.GetServices<IServiceCommand>().OfType<VerifyCommand>().Single();
        using var clean = new StringWriter();
        var cleanExit = await command.RunAsync(clean, CancellationToken.None);
        var dispatched = await App.Services.RunCommandAsync(["--verify"], CancellationToken.None);
        var serve = await App.Services.RunCommandAsync(["--urls", "http://localhost:1"], CancellationToken.None);

        using var dirty = new StringWriter();
        var dirtyExit = await WithoutTransferAsync(_payment, () => command.RunAsync(dirty, CancellationToken.None));

        using var cleanJson = JsonDocument.Parse(clean.ToString());
        using var dirtyJson = JsonDocument.Parse(dirty.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(command.Name, Is.EqualTo("--verify"));
            Assert.That(cleanExit, Is.Zero);
            Assert.That(dispatched, Is.Zero);
            Assert.That(serve, Is.Null, "no command named: the host serves");
            Assert.That(cleanJson.RootElement.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(dirtyExit, Is.EqualTo(1));
            Assert.That(dirtyJson.RootElement.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(dirtyJson.RootElement.GetProperty("discrepancyCount").GetInt64(), Is.EqualTo(2));
        });
    }

    /// <summary>Runs <paramref name="action"/> with the transfer's row deleted, then puts the row back.</summary>
    private async Task<T> WithoutTransferAsync<T>(Guid transferId, Func<Task<T>> action)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "CREATE TEMP TABLE removed AS SELECT * FROM ledger.transfers WHERE id = @id; DELETE FROM ledger.transfers WHERE id = @id";
            delete.Parameters.AddWithValue("id", transferId);
            await delete.ExecuteNonQueryAsync();
        }
        try
        {
            return await action();
        }
        finally
        {
            await using var restore = connection.CreateCommand();
            restore.CommandText = "INSERT INTO ledger.transfers SELECT * FROM removed; DROP TABLE removed";
            await restore.ExecuteNonQueryAsync();
        }
    }

    private async Task<List<int>> StatusesAsync()
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM ledger.pending_status ORDER BY status";
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<int>();
        while (await reader.ReadAsync()) result.Add(reader.GetInt32(0));
        return result;
    }
}
