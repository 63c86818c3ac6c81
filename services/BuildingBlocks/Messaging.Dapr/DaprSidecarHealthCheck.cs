using Dapr.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jade.Messaging.Dapr;

/// <summary>
/// Whether the sidecar can take publishes: its outbound health (components initialised), not <c>/v1.0/healthz</c>, which
/// also waits for the app channel and so for this very app — Dapr advises against apps depending on it.
/// </summary>
internal sealed class DaprSidecarHealthCheck(DaprClient dapr) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await dapr.CheckOutboundHealthAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The Dapr sidecar is ready.")
                : new HealthCheckResult(context.Registration.FailureStatus, "The Dapr sidecar is not ready.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The Dapr sidecar is unreachable.", ex);
        }
    }
}
