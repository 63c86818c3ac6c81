using Jade.Payments.Channels;
using Microsoft.Extensions.Options;

namespace Jade.RailSimulator;

/// <summary>Refuses API calls that are not signed by the merchant with the channel's secret, as the real channels do.</summary>
public sealed class SignedRequests(RequestDelegate next, IOptions<SimulatorOptions> options, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var secret = SecretFor(http.Request.Path);
        if (secret is null || IsBrowserPage(http.Request.Path))
        {
            await next(http);
            return;
        }
        http.Request.EnableBuffering();
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
        http.Request.Body.Position = 0;
        var headers = http.Request.Headers;
        var expected = ChannelSignature.ForRequest(secret, long.TryParse(headers[ChannelSignature.TimestampHeader], out var t) ? t : 0,
            http.Request.Method, http.Request.Path + http.Request.QueryString, body);
        if (headers[ChannelSignature.MerchantHeader] != options.Value.MerchantId
            || !ChannelSignature.Matches(headers[ChannelSignature.SignatureHeader], expected, headers[ChannelSignature.TimestampHeader], time.GetUtcNow()))
        {
            await Results.Problem("Missing or wrong request signature.", statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(http);
            return;
        }
        await next(http);
    }

    private string? SecretFor(PathString path) =>
        path.StartsWithSegments("/acquiring") ? options.Value.AcquirerSecret
        : path.StartsWithSegments("/payouts") ? options.Value.PayoutSecret
        : null;

    private static bool IsBrowserPage(PathString path) => path.Value?.EndsWith("/confirm", StringComparison.Ordinal) == true;
}
