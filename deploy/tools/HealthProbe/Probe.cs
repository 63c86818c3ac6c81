using System.Globalization;

namespace Jade.HealthProbe;

internal static class Probe
{
    public const int DefaultPort = 8080;
    public const string LivePath = "/health/live";

    /// <summary>The liveness URL on loopback at the first port of <c>ASPNETCORE_HTTP_PORTS</c> (e.g. <c>8080;8081</c>).</summary>
    public static Uri DefaultUrl(string? httpPorts)
    {
        var first = (httpPorts ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and < 65536
            ? parsed
            : DefaultPort;
        return new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{LivePath}");
    }

    /// <summary>Healthy when the endpoint answers a 2xx status within <paramref name="timeout"/>.</summary>
    public static async Task<(bool Healthy, string Message)> CheckAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            return (response.IsSuccessStatusCode, $"{url} answered {status.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (HttpRequestException ex)
        {
            return (false, $"{url} unreachable: {ex.Message}");
        }
        catch (TaskCanceledException)
        {
            return (false, $"{url} did not answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
    }
}
