namespace Jade.Payments.Channels;

/// <summary>One external channel: where it is, who Jade is there, and the shared secret both sides sign with.</summary>
public sealed class ChannelEndpoint
{
    public Uri? BaseUrl { get; set; }
    public string MerchantId { get; set; } = "jade";
    public string Secret { get; set; } = "";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class ChannelOptions
{
    public ChannelEndpoint Acquirer { get; set; } = new();
    public ChannelEndpoint Payouts { get; set; } = new();

    /// <summary>Jade's public address for channel notifications (the gateway in production).</summary>
    public Uri NotifyBaseUrl { get; set; } = new("http://localhost:5105/");

    /// <summary>Where the acquirer sends the customer back after confirming (the SPA, through the gateway).</summary>
    public Uri ReturnBaseUrl { get; set; } = new("http://localhost:5000/");
}

/// <summary>The addresses payments hands to channels.</summary>
public sealed class ChannelUrls(Microsoft.Extensions.Options.IOptions<ChannelOptions> options)
{
    public string AcquirerNotifications => new Uri(options.Value.NotifyBaseUrl, ChannelWebhooks.AcquirerPath).ToString();
    public string PayoutNotifications => new Uri(options.Value.NotifyBaseUrl, ChannelWebhooks.PayoutsPath).ToString();
    public string ReturnFor(Guid orderId) => new Uri(options.Value.ReturnBaseUrl, $"payments/{orderId}").ToString();
}

/// <summary>The channel answered, but with a refusal (4xx) that retrying will not change.</summary>
/// <summary>
/// The channel refused the request for good (a 4xx other than 401, 403, 408, 425 and 429): sent again, the same request
/// gets the same answer.
/// </summary>
public sealed class ChannelRefusedException(string message) : Exception(message);
