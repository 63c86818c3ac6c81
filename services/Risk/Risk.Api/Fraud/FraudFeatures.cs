namespace Jade.Risk.Fraud;

/// <summary>
/// One transaction as the fraud model sees it. Every property is a column; <see cref="FraudFeatureCatalog"/> lists
/// them in model order with the reason code each stands for. Counts and money are log-scaled where their range spans
/// orders of magnitude (trees do not need it, but it keeps the contribution explanations readable).
/// </summary>
public sealed class FraudFeatures
{
    public float AmountLog { get; set; }
    public float AmountZScore { get; set; }
    public float AmountToUsualLog { get; set; }
    public float NewPayee { get; set; }
    public float NewDevice { get; set; }
    public float NewIpAddress { get; set; }
    public float HourOfDay { get; set; }
    public float Night { get; set; }
    public float TypeP2P { get; set; }
    public float TypePayment { get; set; }
    public float TypeTopUp { get; set; }
    public float TypeWithdrawal { get; set; }
    public float ChannelApp { get; set; }
    public float ChannelWeb { get; set; }
    public float ChannelPartner { get; set; }
    public float PayerCount1m { get; set; }
    public float PayerCount1h { get; set; }
    public float PayerCount24h { get; set; }
    public float PayerCount7d { get; set; }
    public float PayerSum1hLog { get; set; }
    public float PayerSum24hLog { get; set; }
    public float DeviceCount1h { get; set; }
    public float DeviceCount24h { get; set; }
    public float DevicePayers7d { get; set; }
    public float PayeeCount24h { get; set; }
    public float PayeeFanIn24h { get; set; }
    public float PayeeAgeHours { get; set; }
    public float PayerFanOut24h { get; set; }
    public float SecondsSinceLastLog { get; set; }
    public float PayerAgeHours { get; set; }
    public float Incoming24hLog { get; set; }
    public float ForwardRatio { get; set; }
    public float MinutesSinceIncomingLog { get; set; }
    public float NearThresholdCount24h { get; set; }

    /// <summary>Ground truth when training; ignored when scoring.</summary>
    public bool Label { get; set; }
}
