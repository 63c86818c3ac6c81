using System.ComponentModel.DataAnnotations;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// Partner webhook settings, bound from <c>Webhooks:*</c> (environment: <c>Webhooks__MaxAttempts</c> and so on). A delivery
/// is tried in rounds: one round sends up to <see cref="InProcessRetries"/> + 1 requests with a short exponential back-off
/// between them; a round that fails reschedules the delivery durably with a longer one. Every request counts as an
/// attempt; after <see cref="MaxAttempts"/> of them the delivery is dead.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Allows <c>http</c> endpoint URLs outside Development (local receivers in tests and demos).</summary>
    public bool AllowInsecureUrls { get; set; }

    /// <summary>
    /// Allows endpoints on loopback, private and link-local addresses (local receivers in tests and demos). Off, a URL
    /// naming such an address is refused at registration and no request connects to one, whatever a name resolves to.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    [Range(1, 100)]
    public int MaxEndpointsPerPartner { get; set; } = 10;

    /// <summary>How often the dispatcher looks for due deliveries when nothing wakes it sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>Deliveries of one batch sent side by side.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>One request's limit, connecting included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests a round may add after its first one fails with a 5xx, 408, 429, a network error or a timeout.</summary>
    [Range(0, 10)]
    public int InProcessRetries { get; set; } = 2;

    /// <summary>The median delay before the first in-round retry; it doubles per retry, with jitter.</summary>
    public TimeSpan InProcessRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan InProcessRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before the round after a failed one: doubling per attempt used, with jitter, up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Requests a delivery gets (counted again from zero after a replay) before it is dead.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 24;

    /// <summary>An endpoint is disabled after this many failed rounds in a row…</summary>
    [Range(1, 10_000)]
    public int DisableAfterConsecutiveFailures { get; set; } = 5;

    /// <summary>…once the first of them is at least this old.</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the secret replaced by a rotation keeps signing beside the new one.</summary>
    public TimeSpan PreviousSecretLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The longest a round can take (its requests, their timeouts and the delays between them, plus a margin). A claimed
    /// delivery is leased for this long and a little more, so no other dispatcher sends it meanwhile.
    /// </summary>
    public TimeSpan RoundTimeout =>
        AttemptTimeout * (InProcessRetries + 1) + InProcessRetryMaxDelay * InProcessRetries + TimeSpan.FromSeconds(5);

    public TimeSpan ClaimLease => RoundTimeout + TimeSpan.FromSeconds(30);
}
