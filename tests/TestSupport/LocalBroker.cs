using System.Diagnostics;

namespace Jade.Testing;

public static class LocalBroker
{
    /// <summary>
    /// The category of tests that stop the shared node: deploy/test.sh runs them alone, after every other test, which
    /// it runs several projects at a time.
    /// </summary>
    public const string OutageCategory = "BrokerOutage";

    /// <summary>Stops (<c>stop_app</c>) or starts (<c>start_app</c>) the local RabbitMQ application; the node stays up, so it returns quickly.</summary>
    public static async Task ControlAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [LocalInfrastructure.RabbitMqCtl, command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {command} failed: {await process.StandardError.ReadToEndAsync()}");
        }
    }
}
