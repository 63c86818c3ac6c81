namespace Jade.ServiceDefaults;

/// <summary>
/// The back channel to identity (discovery document, signing keys, token endpoint) when its public origin is not the
/// way to reach it: identity's discovery document names public endpoints, so requests aimed at
/// <paramref name="publicIssuer"/>'s origin are sent to <paramref name="internalAddress"/> instead, and every request
/// to identity carries <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> of the public issuer, so identity (which
/// trusts those headers from its known proxies) answers as it does through the edge: an https issuer accepts the
/// plain-HTTP in-cluster call and names its endpoints on the public origin.
/// </summary>
public sealed class IdentityBackchannelHandler(Uri publicIssuer, Uri internalAddress) : DelegatingHandler
{
    public const string ForwardedProtoHeader = "X-Forwarded-Proto";
    public const string ForwardedHostHeader = "X-Forwarded-Host";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            if (SameOrigin(uri, publicIssuer))
            {
                request.RequestUri = new UriBuilder(uri)
                {
                    Scheme = internalAddress.Scheme,
                    Host = internalAddress.Host,
                    Port = internalAddress.Port,
                }.Uri;
                PresentPublicOrigin(request);
            }
            else if (SameOrigin(uri, internalAddress))
            {
                PresentPublicOrigin(request);
            }
        }
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Sets (never appends: a re-sent request must not carry a list) the public scheme and host.</summary>
    private void PresentPublicOrigin(HttpRequestMessage request)
    {
        request.Headers.Remove(ForwardedProtoHeader);
        request.Headers.Remove(ForwardedHostHeader);
        request.Headers.TryAddWithoutValidation(ForwardedProtoHeader, publicIssuer.Scheme);
        request.Headers.TryAddWithoutValidation(ForwardedHostHeader, publicIssuer.Authority);
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
