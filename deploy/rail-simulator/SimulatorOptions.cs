namespace Jade.RailSimulator;

public sealed class SimulatorOptions
{
    /// <summary>The merchant Jade signs requests as, and the secrets of the two channels.</summary>
    public string MerchantId { get; set; } = "jade";
    public string AcquirerSecret { get; set; } = "";
    public string PayoutSecret { get; set; } = "";

    /// <summary>Where browsers reach the hosted confirmation page.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5190";

    /// <summary>How long after the outcome the notification goes out, as a real channel's would.</summary>
    public TimeSpan NotifyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The bearer API key the SMS sandbox accepts (Jade's <c>Notifications:Sms:ApiKey</c>). Not required to start, so the
    /// card rails run without it; while it is empty every send is refused.
    /// </summary>
    public string SmsApiKey { get; set; } = "";
}

/// <summary>Card numbers with a scripted outcome; any other valid card succeeds.</summary>
public static class TestCards
{
    public const string Declined = "4000000000000002";
    public const string NeverAnswers = "4000000000000119";

    public static (string Status, string? FailureCode)? OutcomeOf(string number) => number switch
    {
        Declined => ("failed", "card_declined"),
        NeverAnswers => null,
        _ => ("succeeded", null),
    };
}
