using System.Net.Http.Headers;
using System.Text.Json;
using Jade.Risk.Benchmarks.Hosting;
using Jade.Risk.Benchmarks.Traffic;

namespace Jade.Risk.Benchmarks.Targets;

/// <summary>
/// Jade through its public API, <c>POST /api/risk/screenings</c>, over HTTP/1.1 keep-alive connections as a
/// service-to-service client pool holds them. An answer is the decision, already committed by the service.
/// </summary>
public sealed class ScreeningClient(RiskHost host) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 1024,
    })
    {
        BaseAddress = host.Address,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestVersion = System.Net.HttpVersion.Version11,
    };

    private Bearer _bearer = new("", 0);

    /// <summary>The decision's outcome, or why there was none.</summary>
    public async Task<string> ScreenAsync(PreparedScreening screening, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/risk/screenings") { Content = new ByteArrayContent(screening.Json) };
        message.Content.Headers.ContentType = Json;
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CurrentToken());
        using var response = await _http.SendAsync(message, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            return $"HTTP {(int)response.StatusCode}: {text[..Math.Min(text.Length, 160)]}";
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var answer = await JsonSerializer.DeserializeAsync<Answer>(stream, JsonSerializerOptions.Web, ct);
        return answer?.Outcome ?? "answer without outcome";
    }

    /// <summary>Test tokens live five minutes; a run is longer, so the token is renewed every two.</summary>
    private string CurrentToken()
    {
        var now = Environment.TickCount64;
        var bearer = _bearer;
        if (bearer.Token.Length > 0 && now - bearer.IssuedAt < 120_000) return bearer.Token;
        bearer = new Bearer(host.ScreenerToken(), now);
        _bearer = bearer;
        return bearer.Token;
    }

    public void Dispose() => _http.Dispose();

    private sealed record Bearer(string Token, long IssuedAt);

    private sealed record Answer(string? Outcome);
}
