namespace Jade.Gateway.Bff;

/// <summary>
/// Identity's discovery document names public endpoints (the gateway origin). The gateway's own server-to-server
/// calls to those endpoints are sent to identity's internal address instead.
/// </summary>
internal sealed class BackchannelRedirectHandler(Uri publicAuthority, Uri internalAddress) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && SameOrigin(uri, publicAuthority))
        {
            request.RequestUri = new UriBuilder(uri)
            {
                Scheme = internalAddress.Scheme,
                Host = internalAddress.Host,
                Port = internalAddress.Port,
            }.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
