using System.Text.Json;

namespace Jade.Testing;

public static class HealthReport
{
    /// <summary>
    /// Whether a <c>/health/ready</c> body says the service as a whole is Healthy. Only the top-level status counts: a
    /// Degraded service (its bus not yet started, so a message published now finds no queue) still lists its database
    /// check as Healthy.
    /// </summary>
    public static bool IsHealthy(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String
                && status.GetString() == "Healthy";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
