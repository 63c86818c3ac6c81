using System.Net.Http.Headers;
using System.Text.Json;
using Jade.Ledger.Benchmarks.Hosting;
using Jade.Ledger.Benchmarks.Workloads;
using Npgsql;

namespace Jade.Ledger.Benchmarks.Targets;

/// <summary>Jade through its public HTTP API: <c>POST /api/ledger/accounts</c> and <c>POST /api/ledger/transfers</c>.</summary>
public sealed class JadeTarget(LedgerHost host) : LedgerTarget
{
    private const string Currency = "CNY";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    // One connection per concurrent caller, kept open: what a service-to-service client pool does.
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = 1024,
    })
    {
        BaseAddress = host.Address,
        Timeout = TimeSpan.FromMinutes(2),
    };

    private Bearer _bearer = new("", 0);
    private readonly Guid _fundingAccount = Guid.CreateVersion7();
    private bool _fundingCreated;

    public override string Name => "Jade";

    public override async Task SetUpAsync(AccountSet accounts, CancellationToken ct)
    {
        if (!_fundingCreated)
        {
            // Settlement-like source of the opening balances: no limit flags, so it may go as negative as needed.
            await CreateAccountsAsync([new AccountBody(_fundingAccount, Currency, 202, [])], ct);
            _fundingCreated = true;
        }
        foreach (var chunk in accounts.Accounts.Chunk(Batch))
        {
            await CreateAccountsAsync(
                [.. chunk.Select(a => new AccountBody(a.Id, Currency, 100, a.NoOverdraft ? ["debits_must_not_exceed_credits"] : []))], ct);
        }
        foreach (var chunk in accounts.Accounts.Where(a => a.Funds > 0).Chunk(Batch))
        {
            var funding = chunk.Select(a => new PlannedTransfer(Guid.CreateVersion7(), _fundingAccount, a.Id, a.Funds, TransferKind.Single));
            var failed = await SubmitAsync(Prepare(new Request([.. funding])), ct);
            if (failed > 0) throw new InvalidOperationException($"Funding {accounts.Name}: {failed} transfers not created.");
        }
    }

    public override PreparedRequest Prepare(Request request) =>
        new(request, JsonSerializer.SerializeToUtf8Bytes(new TransfersBody([.. request.Transfers.Select(ToBody)]), JadeJson.Default.TransfersBody));

    public override async Task<int> SubmitAsync(PreparedRequest request, CancellationToken ct)
    {
        var results = await PostAsync("/api/ledger/transfers", request.Body, request.Request.Transfers.Count, ct);
        if (results is null) return request.Request.Transfers.Count;
        var failed = 0;
        foreach (var result in results)
        {
            if (result.Status == "created") continue;
            failed++;
            NoteFailure(result.Status);
        }
        return failed;
    }

    public override async Task<(long Bytes, long Transfers)> StorageAsync(CancellationToken ct)
    {
        await using var connection = host.Database.OpenAdminConnection();
        await using var command = new NpgsqlCommand(
            $"SELECT pg_total_relation_size('{LedgerDb.Schema}.transfers') + pg_total_relation_size('{LedgerDb.Schema}.pending_status'), " +
            $"(SELECT count(*) FROM {LedgerDb.Schema}.transfers)", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public override async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await base.DisposeAsync();
    }

    private const int Batch = 8190;

    private static TransferBody ToBody(PlannedTransfer t) => t.Kind switch
    {
        TransferKind.Single => new(t.Id, t.Debit, t.Credit, t.Amount, Currency, 1, [], null),
        TransferKind.Pending => new(t.Id, t.Debit, t.Credit, t.Amount, Currency, 1, ["pending"], null),
        TransferKind.Post => new(t.Id, null, null, 0, null, 0, ["post_pending_transfer"], t.PendingId),
        TransferKind.Void => new(t.Id, null, null, 0, null, 0, ["void_pending_transfer"], t.PendingId),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t.Kind, null),
    };

    private async Task CreateAccountsAsync(IReadOnlyList<AccountBody> accounts, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new AccountsBody(accounts), JadeJson.Default.AccountsBody);
        var results = await PostAsync("/api/ledger/accounts", body, accounts.Count, ct);
        var problems = results is null
            ? TakeFailures().Keys
            : results.Where(r => r.Status != "created").Select(r => r.Status).Distinct();
        if (problems.Any()) throw new InvalidOperationException($"Creating accounts failed: {string.Join(", ", problems)}");
    }

    /// <summary>The results, or null when the whole request failed (then noted as one failure reason per item).</summary>
    private async Task<IReadOnlyList<ItemResultBody>?> PostAsync(string path, ReadOnlyMemory<byte> body, int items, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ReadOnlyMemoryContent(body) };
        message.Content.Headers.ContentType = Json;
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CurrentToken());
        using var response = await _http.SendAsync(message, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            NoteFailure($"HTTP {(int)response.StatusCode}: {text[..Math.Min(text.Length, 160)]}", items);
            return null;
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var parsed = await JsonSerializer.DeserializeAsync(stream, JadeJson.Default.ResultsBody, ct);
        return parsed?.Results ?? throw new InvalidOperationException($"{path} answered without results.");
    }

    /// <summary>Test tokens live five minutes; a run is longer, so the token is renewed every two.</summary>
    private string CurrentToken()
    {
        var now = Environment.TickCount64;
        var bearer = _bearer;
        if (bearer.Token.Length > 0 && now - bearer.IssuedAt < 120_000) return bearer.Token;
        bearer = new Bearer(host.ServiceToken(), now);
        _bearer = bearer;
        return bearer.Token;
    }

    private sealed record Bearer(string Token, long IssuedAt);
}
