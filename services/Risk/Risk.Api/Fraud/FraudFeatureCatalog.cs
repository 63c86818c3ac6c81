using System.Text.Json.Serialization;

namespace Jade.Risk.Fraud;

/// <summary>
/// A model input column and the reason code reported when it pushes a score up. A feature at its
/// <see cref="Neutral"/> value (no new device, nothing near the threshold, …) is never given as a reason even if the
/// trees credit it: "the absence of a signal" is no explanation a reviewer can act on.
/// </summary>
public sealed record FraudFeatureInfo(
    string Name,
    [property: JsonIgnore] Func<FraudFeatures, float> Value,
    float? Neutral,
    string ReasonCode,
    string Description);

/// <summary>
/// The model's features in vector order (the order of <c>Concatenate</c>, hence of the contribution vector) with a
/// reason code each. Several columns share a code where a reviewer would not tell them apart (the type one-hot is
/// one reason, "transaction type").
/// </summary>
public static class FraudFeatureCatalog
{
    public const string FeaturesColumn = "Features";

    public static readonly IReadOnlyList<FraudFeatureInfo> All =
    [
        new(nameof(FraudFeatures.AmountLog), f => f.AmountLog, null, "model.amount", "log10 of the amount in yuan"),
        new(nameof(FraudFeatures.AmountZScore), f => f.AmountZScore, 0, "model.amount_vs_usual", "standard deviations above the payer's mean outgoing amount"),
        new(nameof(FraudFeatures.AmountToUsualLog), f => f.AmountToUsualLog, 0, "model.amount_vs_usual", "log10 of amount / payer's mean outgoing amount"),
        new(nameof(FraudFeatures.NewPayee), f => f.NewPayee, 0, "model.new_payee", "payer has not paid this payee before"),
        new(nameof(FraudFeatures.NewDevice), f => f.NewDevice, 0, "model.new_device", "payer has not used this device before"),
        new(nameof(FraudFeatures.NewIpAddress), f => f.NewIpAddress, 0, "model.new_ip", "payer has not used this IP address before"),
        new(nameof(FraudFeatures.HourOfDay), f => f.HourOfDay, null, "model.unusual_hour", "hour of day in China Standard Time"),
        new(nameof(FraudFeatures.Night), f => f.Night, 0, "model.unusual_hour", "between 00:00 and 06:00 China Standard Time"),
        new(nameof(FraudFeatures.TypeP2P), f => f.TypeP2P, 0, "model.transaction_type", "peer-to-peer transfer"),
        new(nameof(FraudFeatures.TypePayment), f => f.TypePayment, 0, "model.transaction_type", "merchant payment"),
        new(nameof(FraudFeatures.TypeTopUp), f => f.TypeTopUp, 0, "model.transaction_type", "top-up"),
        new(nameof(FraudFeatures.TypeWithdrawal), f => f.TypeWithdrawal, 0, "model.transaction_type", "withdrawal"),
        new(nameof(FraudFeatures.ChannelApp), f => f.ChannelApp, 0, "model.channel", "mobile app"),
        new(nameof(FraudFeatures.ChannelWeb), f => f.ChannelWeb, 0, "model.channel", "web"),
        new(nameof(FraudFeatures.ChannelPartner), f => f.ChannelPartner, 0, "model.channel", "partner bank"),
        new(nameof(FraudFeatures.PayerCount1m), f => f.PayerCount1m, 0, "model.payer_velocity_1m", "payer's transactions in the last minute"),
        new(nameof(FraudFeatures.PayerCount1h), f => f.PayerCount1h, 0, "model.payer_velocity_1h", "payer's transactions in the last hour"),
        new(nameof(FraudFeatures.PayerCount24h), f => f.PayerCount24h, 0, "model.payer_velocity_24h", "payer's transactions in the last 24 h"),
        new(nameof(FraudFeatures.PayerCount7d), f => f.PayerCount7d, 0, "model.payer_history", "payer's transactions in the last 7 days"),
        new(nameof(FraudFeatures.PayerSum1hLog), f => f.PayerSum1hLog, 0, "model.payer_volume_1h", "log10 of the payer's outgoing yuan in the last hour"),
        new(nameof(FraudFeatures.PayerSum24hLog), f => f.PayerSum24hLog, 0, "model.payer_volume_24h", "log10 of the payer's outgoing yuan in the last 24 h"),
        new(nameof(FraudFeatures.DeviceCount1h), f => f.DeviceCount1h, 0, "model.device_velocity", "transactions from this device in the last hour"),
        new(nameof(FraudFeatures.DeviceCount24h), f => f.DeviceCount24h, 0, "model.device_velocity", "transactions from this device in the last 24 h"),
        new(nameof(FraudFeatures.DevicePayers7d), f => f.DevicePayers7d, 0, "model.shared_device", "distinct payers on this device in 7 days"),
        new(nameof(FraudFeatures.PayeeCount24h), f => f.PayeeCount24h, 0, "model.payee_fan_in", "payments received by the payee in 24 h"),
        new(nameof(FraudFeatures.PayeeFanIn24h), f => f.PayeeFanIn24h, 0, "model.payee_fan_in", "distinct payers of the payee in 24 h"),
        new(nameof(FraudFeatures.PayeeAgeHours), f => f.PayeeAgeHours, FraudFeatureBuilder.MaxAgeHours, "model.new_payee_account", "hours since the payee account first appeared (capped at 7 days)"),
        new(nameof(FraudFeatures.PayerFanOut24h), f => f.PayerFanOut24h, 0, "model.payer_fan_out", "distinct payees of the payer in 24 h"),
        new(nameof(FraudFeatures.SecondsSinceLastLog), f => f.SecondsSinceLastLog, FraudFeatureBuilder.NoPreviousSecondsLog, "model.rapid_succession", "log10 of seconds since the payer's previous transaction"),
        new(nameof(FraudFeatures.PayerAgeHours), f => f.PayerAgeHours, FraudFeatureBuilder.MaxAgeHours, "model.new_account", "hours since the payer account first appeared (capped at 7 days)"),
        new(nameof(FraudFeatures.Incoming24hLog), f => f.Incoming24hLog, 0, "model.pass_through", "log10 of yuan the payer received in 24 h"),
        new(nameof(FraudFeatures.ForwardRatio), f => f.ForwardRatio, 0, "model.pass_through", "amount / what the payer received in 24 h"),
        new(nameof(FraudFeatures.MinutesSinceIncomingLog), f => f.MinutesSinceIncomingLog, FraudFeatureBuilder.NoIncomingMinutesLog, "model.pass_through", "log10 of minutes since the payer last received money"),
        new(nameof(FraudFeatures.NearThresholdCount24h), f => f.NearThresholdCount24h, 0, "model.structuring", "payer's amounts within 10 % under the 50,000 yuan reporting threshold in 24 h, this one included"),
    ];

    public static readonly string[] Names = [.. All.Select(f => f.Name)];
}
