using Jade.Risk.Screening;

namespace Jade.Risk.Rules.Starter;

/// <summary>Per-transaction amount ceilings by KYC level: unverified customers move little money.</summary>
internal sealed class KycAmountLimit : IRuleEvaluator
{
    public string Code => "kyc_amount_limit";
    public string Name => "Amount limit per KYC level";
    public string Description => "Declines a single transaction above the ceiling of the customer's KYC level.";
    public string DefaultAction => RuleActions.Decline;
    public int DefaultScore => 900;
    public IReadOnlyDictionary<string, long> DefaultParameters { get; } = new Dictionary<string, long>
    {
        ["level1MaxAmount"] = 500_000,
        ["level2MaxAmount"] = 5_000_000,
        ["level3MaxAmount"] = 20_000_000,
    };
    public IReadOnlyDictionary<string, ParameterRange> Ranges { get; } = new Dictionary<string, ParameterRange>
    {
        ["level1MaxAmount"] = ParameterRange.Amount,
        ["level2MaxAmount"] = ParameterRange.Amount,
        ["level3MaxAmount"] = ParameterRange.Amount,
    };

    public RuleHit? Evaluate(RuleInput input, RuleParameters p)
    {
        var level = Math.Clamp(input.KycLevel, 1, 3);
        var max = p[$"level{level}MaxAmount"];
        return max > 0 && input.Transaction.Amount > max
            ? new RuleHit(Code, $"Amount {Amounts.Format(input.Transaction.Amount)} is above the KYC level {level} limit of {Amounts.Format(max)}.")
            : null;
    }
}

/// <summary>A large first payment to someone the customer never paid: the classic scam and takeover cash-out.</summary>
internal sealed class LargeAmountToNewPayee : IRuleEvaluator
{
    public string Code => "large_new_payee";
    public string Name => "Large amount to a new payee";
    public string Description =>
        "Reviews a payment to a payee the customer has not paid before that is at or above the amount and at least so many times the customer's usual amount.";
    public string DefaultAction => RuleActions.Review;
    public int DefaultScore => 600;
    public IReadOnlyDictionary<string, long> DefaultParameters { get; } = new Dictionary<string, long>
    {
        ["minAmount"] = 300_000,
        ["minTimesUsual"] = 5,
    };
    public IReadOnlyDictionary<string, ParameterRange> Ranges { get; } = new Dictionary<string, ParameterRange>
    {
        ["minAmount"] = ParameterRange.Amount,
        ["minTimesUsual"] = new(0, 1_000, "times the customer's usual amount, 0 = off"),
    };

    public RuleHit? Evaluate(RuleInput input, RuleParameters p)
    {
        var tx = input.Transaction;
        if (tx.PayeeId is null || !Amounts.IsOutgoing(tx.Type) || !input.Behaviour.IsNewPayee || p["minAmount"] <= 0 || tx.Amount < p["minAmount"])
        {
            return null;
        }
        // "Large" is relative to the customer: a first payment of 3,000 is routine for some and a scam for others.
        // A customer without history has no usual amount, so the absolute threshold alone decides.
        var usual = input.Behaviour.PayerAmountMean;
        if (usual is { } mean && p["minTimesUsual"] > 0 && tx.Amount < mean * p["minTimesUsual"]) return null;
        return new RuleHit(Code, usual is { } m
            ? $"{Amounts.Format(tx.Amount)} to a payee never paid before, {tx.Amount / Math.Max(m, 1):0}× the customer's usual amount."
            : $"{Amounts.Format(tx.Amount)} to a payee never paid before (threshold {Amounts.Format(p["minAmount"])}).");
    }
}

/// <summary>A device the customer never used before, paying out a large amount: a takeover from a new phone.</summary>
internal sealed class NewDeviceHighAmount : IRuleEvaluator
{
    public string Code => "new_device_high_amount";
    public string Name => "New device and high amount";
    public string Description =>
        "Reviews an outgoing payment at or above the amount from a device this customer has not used before (with requireNewIp = 1, only from a new IP address too).";
    public string DefaultAction => RuleActions.Review;
    public int DefaultScore => 600;
    public IReadOnlyDictionary<string, long> DefaultParameters { get; } = new Dictionary<string, long>
    {
        ["minAmount"] = 50_000,
        ["requireNewIp"] = 1,
    };
    public IReadOnlyDictionary<string, ParameterRange> Ranges { get; } = new Dictionary<string, ParameterRange>
    {
        ["minAmount"] = ParameterRange.Amount,
        ["requireNewIp"] = ParameterRange.Flag,
    };

    public RuleHit? Evaluate(RuleInput input, RuleParameters p)
    {
        var tx = input.Transaction;
        // A customer's very first device is new by definition; the signal is a change of device.
        var knownCustomer = input.Behaviour.PayerFirstSeen is not null;
        // A customer's own second phone usually shows up on their home network; a takeover comes from elsewhere.
        var networkChanged = p["requireNewIp"] == 0 || input.Behaviour.IsNewIpAddress;
        return tx.DeviceId is not null && knownCustomer && input.Behaviour.IsNewDevice && networkChanged && Amounts.IsOutgoing(tx.Type)
            && p["minAmount"] > 0 && tx.Amount >= p["minAmount"]
            ? new RuleHit(Code, $"{Amounts.Format(tx.Amount)} from a device (and network) this customer has not used before.")
            : null;
    }
}
