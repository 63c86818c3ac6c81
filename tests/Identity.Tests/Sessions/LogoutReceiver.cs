using System.Collections.Concurrent;
using Jade.ServiceDefaults;
using Jade.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jade.Identity.Tests.Sessions;

/// <summary>
/// The gateway's back-channel logout endpoint as identity sees it, on a loopback port known before identity starts:
/// records every logout token posted to it and answers 200, or a status queued for the session the token names.
/// </summary>
public sealed class LogoutReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new();

    public LogoutReceiver()
    {
        var port = LoopbackPort.Free();
        Address = new Uri($"http://127.0.0.1:{port}/bff/backchannel-logout");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/bff/backchannel-logout", async (HttpRequest request) =>
        {
            var token = (await request.ReadFormAsync())["logout_token"].ToString();
            Received.Enqueue(token);
            return Results.StatusCode(SessionOf(token) is { } sid && _answers.TryGetValue(sid, out var queued) && queued.TryDequeue(out var status)
                ? status
                : StatusCodes.Status200OK);
        });
    }

    public Uri Address { get; }

    /// <summary>Every logout token posted, refused ones included, in arrival order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Answers the next logout of session <paramref name="sessionId"/> with <paramref name="status"/> instead of 200.</summary>
    public void AnswerNext(string sessionId, int status) => _answers.GetOrAdd(sessionId, _ => new()).Enqueue(status);

    public Task StartAsync() => _app.StartAsync();

    /// <summary>The tokens received for one session (<c>sid</c>).</summary>
    public List<JsonWebToken> For(string sessionId) => [.. Received.Where(t => SessionOf(t) == sessionId).Select(t => new JsonWebToken(t))];

    private static string? SessionOf(string token) =>
        new JsonWebTokenHandler().CanReadToken(token) && new JsonWebToken(token).TryGetPayloadValue<string>("sid", out var sid) ? sid : null;

    /// <summary>Checks a received token as the gateway does: identity's published keys, issuer, audience, type and lifetime.</summary>
    public static async Task<TokenValidationResult> ValidateAsync(string token, HttpClient identity, string issuer, string audience)
    {
        var keys = new JsonWebKeySet(await identity.GetStringAsync("/.well-known/jwks"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidTypes = [LogoutTokens.TokenType],
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
