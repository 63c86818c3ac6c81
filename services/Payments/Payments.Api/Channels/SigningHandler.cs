using Jade.Payments.Channels;

namespace Jade.Payments.Channels;

/// <summary>Signs every request to a channel (merchant id, timestamp, HMAC over method, path, query and body).</summary>
internal sealed class SigningHandler(ChannelEndpoint endpoint, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var target = request.RequestUri!;
        request.Headers.Remove(ChannelSignature.SignatureHeader);
        request.Headers.Remove(ChannelSignature.TimestampHeader);
        request.Headers.Remove(ChannelSignature.MerchantHeader);
        request.Headers.Add(ChannelSignature.MerchantHeader, endpoint.MerchantId);
        request.Headers.Add(ChannelSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(ChannelSignature.SignatureHeader,
            ChannelSignature.ForRequest(endpoint.Secret, timestamp, request.Method.Method, target.PathAndQuery, body));
        return await base.SendAsync(request, cancellationToken);
    }
}
