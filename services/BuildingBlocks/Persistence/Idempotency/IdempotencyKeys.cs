using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jade.Persistence.Idempotency;

/// <summary>Endpoint metadata: this endpoint honours <c>Idempotency-Key</c>, and whether a request must send one.</summary>
public sealed record IdempotencyKeyMetadata(bool Required);

/// <summary>
/// <c>Idempotency-Key</c> on state-changing endpoints (ARCHITECTURE §4): the same key with the same request replays
/// the stored answer; the same key with another request is a 422; while the first request still runs, a 409.
/// Wiring: <c>modelBuilder.AddIdempotencyKeys()</c> in the service's DbContext (and a migration),
/// <c>builder.AddIdempotencyKeys&lt;TContext&gt;()</c>, <c>app.UseIdempotencyKeys&lt;TContext&gt;()</c> after
/// authorization, and <c>.RequireIdempotencyKey()</c> or <c>.AcceptIdempotencyKey()</c> on the endpoints.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    /// <summary>Set on a replayed answer, so a client can tell a replay from a first execution.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    /// <summary>
    /// The problem type of the 409 answered while the first request with a key still runs: unlike every other 409 it
    /// is not an answer, so a client keeps its key and retries shortly.
    /// </summary>
    public const string InProgressType = "https://jade.example/problems/idempotency-in-progress";

    /// <summary>The endpoint refuses a request without a key (payment and partner APIs).</summary>
    public static TBuilder RequireIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyMetadata(Required: true)).ProducesIdempotencyRefusals();

    /// <summary>The endpoint honours a key when one is sent.</summary>
    public static TBuilder AcceptIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyMetadata(Required: false)).ProducesIdempotencyRefusals();

    /// <summary>
    /// What <see cref="IdempotencyMiddleware{TContext}"/> answers before the endpoint runs, for the OpenAPI document:
    /// <c>400</c> a missing (when required) or malformed key, <c>409</c> the first request with the key still running,
    /// <c>413</c> a body over <see cref="IdempotencyOptions.MaxBodyBytes"/>, <c>422</c> the key used for another request.
    /// </summary>
    private static TBuilder ProducesIdempotencyRefusals<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static IHostApplicationBuilder AddIdempotencyKeys<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration("Idempotency");
        builder.Services.AddHostedService<IdempotencyKeySweeper<TContext>>();
        return builder;
    }

    public static IApplicationBuilder UseIdempotencyKeys<TContext>(this IApplicationBuilder app) where TContext : DbContext =>
        app.UseMiddleware<IdempotencyMiddleware<TContext>>();

    /// <summary>1–255 visible ASCII characters: what clients put there (UUIDs, ULIDs, order references).</summary>
    public static bool IsWellFormed(string key) => key.Length is > 0 and <= MaxKeyLength && key.All(c => c is > ' ' and <= '~');
}
