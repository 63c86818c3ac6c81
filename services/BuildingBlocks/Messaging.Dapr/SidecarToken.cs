using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jade.Messaging.Dapr;

/// <summary>
/// Admits only the sidecar: it sends the app token in <c>dapr-api-token</c> on every call to the app. Anything else is a
/// 401, which the sidecar treats as retriable, so a mistyped token delays messages instead of losing them.
/// </summary>
internal sealed class SidecarToken(IOptions<DaprBusOptions> options, ILogger<SidecarToken> logger) : IEndpointFilter
{
    public const string Header = "dapr-api-token";

    // Both sides are hashed first so the comparison takes as long whatever the presented token's length. The options were
    // validated when the host started, so the token is there by the first request.
    private readonly Lazy<byte[]> _expected = new(() => Hash(options.Value.AppApiToken!));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Headers[Header] is [{ } presented] && Matches(presented))
        {
            return next(context);
        }
        logger.LogWarning("Refused {Method} {Path} from {Remote}: missing or wrong {Header}",
            http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress, Header);
        return ValueTask.FromResult<object?>(Results.Unauthorized());
    }

    private bool Matches(string presented) => CryptographicOperations.FixedTimeEquals(Hash(presented), _expected.Value);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
