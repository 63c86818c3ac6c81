using System.Net.Http.Json;
using System.Text.Json;
using Jade.Deploy.Tests.Observability;
using Jade.Ledger;
using Jade.Ledger.Verification;
using Jade.Testing;
using Npgsql;

namespace Jade.Deploy.Tests.Operations;

/// <summary>
/// The restore drill: a ledger that has really posted money (through its API: payments, a fee, holds posted, voided
/// and left open, a balancing transfer) is backed up with deploy/backup.sh; its schema is destroyed, or the backup
/// restored elsewhere, with deploy/restore.sh; the books come back byte for byte and the ledger's own verifier passes
/// on them. The ledger is stopped while its schema is replaced, as the runbook says.
/// </summary>
[NonParallelizable]
public sealed class RestoreDrillTests
{
    private const string Cny = "CNY";
    private readonly TestTokens _tokens = new();
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private string _backup = null!;
    private LedgerBooks _backedUp = null!;

    [OneTimeSetUp]
    public async Task PostAndBackUpAsync()
    {
        _database = await TestDatabase.CreateAsync(LedgerDb.Schema);
        _vhost = await TestVirtualHost.CreateAsync();
        await using (var ledger = await StartLedgerAsync())
        {
            await PostMoneyAsync(ledger);
        }
        _backedUp = await LedgerBooks.ReadAsync(_database.Name);
        _backup = Directory.CreateTempSubdirectory("jade-drill-backup-").FullName;

        var backup = await BackupScripts.BackupAsync("--database", _database.Name, "--out", _backup, LedgerDb.Schema);

        Assert.That(backup.ExitCode, Is.Zero, backup.ToString);
    }

    [OneTimeTearDown]
    public async Task CleanUpAsync()
    {
        if (_backup is not null) Directory.Delete(_backup, recursive: true);
        if (_vhost is not null) await _vhost.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Test]
    public void The_manifest_names_the_dump_with_its_checksum_and_the_migration_it_holds()
    {
        var entry = File.ReadAllLines(Path.Combine(_backup, "manifest.tsv")).Select(l => l.Split('\t')).Single(f => f[0] == "schema");
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(_backup, "ledger.dump"))));

        Assert.Multiple(() =>
        {
            Assert.That(entry[1..3], Is.EqualTo(new[] { "ledger", "ledger.dump" }));
            Assert.That(entry[3], Is.EqualTo(sha256));
            Assert.That(entry[5], Does.Match("^[0-9]{14}_[A-Za-z]+$"), "the newest migration applied");
        });
    }

    [Test]
    public async Task A_destroyed_ledger_schema_comes_back_byte_identical_and_verifies()
    {
        await AdminAsync(_database.Name, "DROP SCHEMA ledger CASCADE");

        var restore = await BackupScripts.RestoreAsync("--database", _database.Name, _backup);

        Assert.That(restore.ExitCode, Is.Zero, restore.ToString);
        await AssertRestoredAsync(_database.Name);
    }

    [Test]
    public async Task Restoring_over_a_schema_is_refused_unless_asked_for_and_then_replaces_it_whole()
    {
        await AdminAsync(_database.Name, "DELETE FROM ledger.transfers WHERE id IN (SELECT id FROM ledger.transfers ORDER BY id LIMIT 1)");
        var damaged = await LedgerBooks.ReadAsync(_database.Name);

        var refused = await BackupScripts.RestoreAsync("--database", _database.Name, _backup);
        var afterRefusal = await LedgerBooks.ReadAsync(_database.Name);
        // The ledger service is stopped; its idle pooled connections go too, or --replace would refuse (rightly).
        NpgsqlConnection.ClearAllPools();
        var replaced = await BackupScripts.RestoreAsync("--database", _database.Name, "--replace", _backup);

        Assert.Multiple(async () =>
        {
            Assert.That(refused.ExitCode, Is.Not.Zero);
            Assert.That(refused.Errors, Does.Contain("refusing to overwrite"));
            Assert.That(afterRefusal, Is.EqualTo(damaged), "a refused restore changes nothing");
            Assert.That(replaced.ExitCode, Is.Zero, replaced.ToString);
            Assert.That(await ScalarAsync(_database.Name, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'ledger_replaced_%'"), Is.Zero,
                "the schema renamed aside is dropped once the restore committed");
        });
        await AssertRestoredAsync(_database.Name);
    }

    [Test]
    public async Task A_restore_into_another_database_is_byte_identical_and_verifies()
    {
        var elsewhere = $"{_database.Name}_elsewhere";
        try
        {
            var restore = await BackupScripts.RestoreAsync("--database", elsewhere, _backup, LedgerDb.Schema);

            Assert.That(restore.ExitCode, Is.Zero, restore.ToString);
            await AssertRestoredAsync(elsewhere);
        }
        finally
        {
            // Before the fixture drops the ledger role, which owns what was restored there.
            await AdminAsync("postgres", $"DROP DATABASE IF EXISTS \"{elsewhere}\" WITH (FORCE)");
        }
    }

    [Test]
    public async Task A_damaged_backup_is_refused_before_anything_changes()
    {
        var damaged = Directory.CreateTempSubdirectory("jade-drill-damaged-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(_backup)) File.Copy(file, Path.Combine(damaged, Path.GetFileName(file)));
            var dump = File.ReadAllBytes(Path.Combine(damaged, "ledger.dump"));
            dump[dump.Length / 2] ^= 0x01;
            File.WriteAllBytes(Path.Combine(damaged, "ledger.dump"), dump);
            var target = $"{_database.Name}_damaged";

            var restore = await BackupScripts.RestoreAsync("--database", target, damaged);

            Assert.Multiple(async () =>
            {
                Assert.That(restore.ExitCode, Is.Not.Zero);
                Assert.That(restore.Errors, Does.Contain("does not match its checksum"));
                Assert.That(await ScalarAsync("postgres", $"SELECT count(*) FROM pg_database WHERE datname = '{target}'"), Is.Zero, "not even the database was created");
            });
        }
        finally
        {
            Directory.Delete(damaged, recursive: true);
        }
    }

    [Test]
    public async Task The_local_drill_script_passes_on_a_ledger_with_money_in_it()
    {
        var drill = await BackupScripts.DrillAsync("--database", _database.Name);

        Assert.Multiple(async () =>
        {
            Assert.That(drill.ExitCode, Is.Zero, drill.ToString);
            Assert.That(drill.Errors, Does.Contain($"sha256 {_backedUp.Sha256}"), "the drill compared the same books this test did");
            Assert.That(drill.Errors, Does.Contain("ledger verifier: ok"));
            Assert.That(await ScalarAsync("postgres", $"SELECT count(*) FROM pg_database WHERE datname = '{_database.Name}_restore_drill'"), Is.Zero,
                "the scratch database is dropped");
        });
    }

    /// <summary>The books as backed up, and the ledger service, started on them, verifies them.</summary>
    private async Task AssertRestoredAsync(string database)
    {
        var restored = await LedgerBooks.ReadAsync(database);
        Assert.That(restored, Is.EqualTo(_backedUp), () => $"restored books differ from the backed-up ones (sha256 {restored.Sha256}, expected {_backedUp.Sha256})");

        await using var ledger = await StartLedgerAsync(database);
        using var auditor = ledger.ClientWith(_tokens.Create("ops", "ledger", "ledger.audit"));
        var report = (await auditor.GetFromJsonAsync<VerificationReport>("/api/ledger/verification"))!;
        Assert.Multiple(() =>
        {
            Assert.That(report.Ok, Is.True, () => JsonSerializer.Serialize(report.Discrepancies));
            Assert.That(report.Transfers, Is.EqualTo(_backedUp.Transfers.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
        });
    }

    /// <summary>The ledger service on the drill's database, or on <paramref name="database"/> with the same role.</summary>
    private async Task<JadeServiceHost<LedgerDb>> StartLedgerAsync(string? database = null)
    {
        var settings = new Dictionary<string, string>();
        if (database is not null)
        {
            settings["ConnectionStrings:ledger"] = new NpgsqlConnectionStringBuilder(_database.ConnectionString(LedgerDb.Schema)) { Database = database }.ConnectionString;
        }
        var ledger = new JadeServiceHost<LedgerDb>(LedgerDb.Schema, _database, _vhost, _tokens, settings) { SharesInfrastructure = true };
        await ledger.WaitUntilHealthyAsync();
        return ledger;
    }

    private async Task PostMoneyAsync(JadeServiceHost<LedgerDb> ledger)
    {
        using var service = ledger.ClientWith(_tokens.Create("payments", "ledger", "ledger.write ledger.read"));
        var (settlement, fee) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var wallets = Enumerable.Range(0, 3).Select(_ => Guid.CreateVersion7()).ToArray();
        await PostAsync(service, "accounts", [
            new { id = settlement, currency = Cny, code = 202, flags = Array.Empty<string>() },
            new { id = fee, currency = Cny, code = 400, flags = new[] { "debits_must_not_exceed_credits" } },
            .. wallets.Select(w => (object)new { id = w, currency = Cny, code = 100, ownerId = Guid.CreateVersion7(), flags = new[] { "debits_must_not_exceed_credits", "history" } }),
        ]);
        var (posted, voided, open) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await PostAsync(service, "transfers", [
            .. wallets.Select((w, i) => Move(settlement, w, 100_000 * (i + 1))),
            Move(wallets[0], wallets[1], 12_345),
            Move(wallets[1], fee, 99),
            Move(wallets[2], wallets[0], 5_000, posted, "pending"),
            Move(wallets[2], settlement, 7_000, voided, "pending"),
            Move(wallets[1], wallets[2], 3_210, open, "pending"),
        ]);
        await PostAsync(service, "transfers", [
            new { id = Guid.CreateVersion7(), pendingId = posted, amount = 4_000L, flags = new[] { "post_pending_transfer" } },
            new { id = Guid.CreateVersion7(), pendingId = voided, flags = new[] { "void_pending_transfer" } },
            Move(wallets[0], fee, long.MaxValue, null, "balancing_debit"),
        ]);
    }

    private static object Move(Guid from, Guid to, long amount, Guid? id = null, params string[] flags) =>
        new { id = id ?? Guid.CreateVersion7(), debitAccountId = from, creditAccountId = to, amount, currency = Cny, code = 1, flags };

    private static async Task PostAsync(HttpClient client, string what, object[] items)
    {
        var response = await client.PostAsJsonAsync($"/api/ledger/{what}", new Dictionary<string, object> { [what] = items });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()),
            Is.All.EqualTo("created"), body);
    }

    private static async Task AdminAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(LocalInfrastructure.PostgresAdmin) { Database = database }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(LocalInfrastructure.PostgresAdmin) { Database = database }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
