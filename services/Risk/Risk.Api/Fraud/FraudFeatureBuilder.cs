using Jade.Risk.Behaviour;
using Jade.Risk.Screening;

namespace Jade.Risk.Fraud;

/// <summary>Turns a transaction and the tracker's snapshot before it into model features. Shared by training (on the
/// simulator replay) and scoring, so the two cannot drift apart.</summary>
public static class FraudFeatureBuilder
{
    /// <summary>China Standard Time, the customers' clock for "odd hours".</summary>
    public static readonly TimeSpan LocalOffset = TimeSpan.FromHours(8);

    /// <summary>Ages are capped at the tracker's memory: the live service hydrates seven days, so an account can never
    /// look older than that there, and training must not learn from ages it will never see.</summary>
    public const float MaxAgeHours = 7 * 24;

    /// <summary>The value of the "since previous" features when there was none within the tracker's memory.</summary>
    public static readonly float NoPreviousSecondsLog = (float)Math.Log10(1 + MaxAgeHours * 3600.0);
    public static readonly float NoIncomingMinutesLog = (float)Math.Log10(1 + 24 * 60.0);

    private const long NearThresholdFloor = ReportingThreshold / 10 * 9;
    private const long ReportingThreshold = 5_000_000;

    public static FraudFeatures Build(ScreeningTransaction tx, BehaviourSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(s);
        var features = new FraudFeatures();
        Fill(features, tx, s);
        return features;
    }

    /// <summary>Overwrites every column of <paramref name="f"/> (the scorer reuses one instance per engine).</summary>
    public static void Fill(FraudFeatures f, ScreeningTransaction tx, BehaviourSnapshot s)
    {
        var amount = tx.Amount;
        var now = tx.OccurredAt;
        var hour = now.ToOffset(LocalOffset);

        f.AmountLog = Log10Yuan(amount);
        var enoughHistory = s.PayerAmountCount >= 3;
        f.AmountZScore = enoughHistory && s.AmountZScore(amount) is { } z ? (float)Math.Clamp(z, -10, 100) : 0;
        f.AmountToUsualLog = enoughHistory && s.PayerAmountMean is { } mean && mean > 0 ? (float)Math.Log10(Math.Max(amount, 1) / mean) : 0;
        f.NewPayee = s.IsNewPayee ? 1 : 0;
        f.NewDevice = s.IsNewDevice ? 1 : 0;
        f.NewIpAddress = s.IsNewIpAddress ? 1 : 0;
        f.HourOfDay = hour.Hour + hour.Minute / 60f;
        f.Night = hour.Hour < 6 ? 1 : 0;
        f.TypeP2P = tx.Type == TransactionTypes.P2P ? 1 : 0;
        f.TypePayment = tx.Type == TransactionTypes.Payment ? 1 : 0;
        f.TypeTopUp = tx.Type == TransactionTypes.TopUp ? 1 : 0;
        f.TypeWithdrawal = tx.Type == TransactionTypes.Withdrawal ? 1 : 0;
        f.ChannelApp = tx.Channel == "app" ? 1 : 0;
        f.ChannelWeb = tx.Channel == "web" ? 1 : 0;
        f.ChannelPartner = tx.Channel == "partner" ? 1 : 0;
        f.PayerCount1m = s.Payer.Count1m;
        f.PayerCount1h = s.Payer.Count1h;
        f.PayerCount24h = s.Payer.Count24h;
        f.PayerCount7d = s.Payer.Count7d;
        f.PayerSum1hLog = Log10Yuan(s.Payer.Sum1h);
        f.PayerSum24hLog = Log10Yuan(s.Payer.Sum24h);
        f.DeviceCount1h = s.Device.Count1h;
        f.DeviceCount24h = s.Device.Count24h;
        f.DevicePayers7d = s.DevicePayerCount7d;
        f.PayeeCount24h = s.Payee.Count24h;
        f.PayeeFanIn24h = s.DistinctPayersOfPayee24h;
        f.PayeeAgeHours = AgeHours(s.PayeeFirstSeen, now);
        f.PayerFanOut24h = s.DistinctPayeesOfPayer24h;
        f.SecondsSinceLastLog = s.SecondsSinceLastPayerTransaction is { } since
            ? (float)Math.Log10(1 + Math.Min(since, MaxAgeHours * 3600.0)) : NoPreviousSecondsLog;
        f.PayerAgeHours = AgeHours(s.PayerFirstSeen, now);

        long incoming = 0;
        DateTimeOffset? lastIncoming = null;
        foreach (var e in s.PayerIncoming24h)
        {
            incoming += e.Amount;
            lastIncoming = e.At;
        }
        f.Incoming24hLog = Log10Yuan(incoming);
        f.ForwardRatio = incoming > 0 && tx.Type != TransactionTypes.TopUp ? (float)Math.Min(10, amount / (double)incoming) : 0;
        f.MinutesSinceIncomingLog = lastIncoming is { } li ? (float)Math.Log10(1 + (now - li).TotalMinutes) : NoIncomingMinutesLog;

        var near = IsNearThreshold(tx.Type, amount) ? 1 : 0;
        foreach (var e in s.PayerOutgoing24h)
        {
            if (IsNearThreshold(e.Type, e.Amount)) near++;
        }
        f.NearThresholdCount24h = near;
    }

    private static bool IsNearThreshold(string type, long amount) =>
        type != TransactionTypes.TopUp && amount is >= NearThresholdFloor and < ReportingThreshold;

    private static float Log10Yuan(long minor) => (float)Math.Log10(1 + minor / 100.0);

    /// <summary>0 for an account seen for the first time now.</summary>
    private static float AgeHours(DateTimeOffset? firstSeen, DateTimeOffset now) =>
        firstSeen is { } f ? (float)Math.Clamp((now - f).TotalHours, 0, MaxAgeHours) : 0;
}
