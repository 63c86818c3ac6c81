namespace Jade.Risk.Fraud.Simulation;

/// <summary>The fraud patterns the simulator plants, as <see cref="SimulatedTransaction.Scenario"/> labels.</summary>
public static class FraudScenarios
{
    /// <summary>A stranger's new device and IP at an odd hour drains the account in quick transfers to new payees.</summary>
    public const string AccountTakeover = "account_takeover";

    /// <summary>One fraudster device logs into several victims' accounts and sends money out of each.</summary>
    public const string CompromisedDevice = "compromised_device";

    /// <summary>A customer (usually socially engineered) sends many times their usual amount to a new payee.</summary>
    public const string AmountSpike = "amount_spike";

    /// <summary>Many payers send to one brand-new account, which soon sends the money on.</summary>
    public const string MuleFanIn = "mule_fan_in";

    /// <summary>A new account receives a large sum and, within hours, splits it across many new payees.</summary>
    public const string MuleFanOut = "mule_fan_out";

    /// <summary>Several amounts just under the 50,000.00 CNY reporting threshold within 24 hours.</summary>
    public const string Structuring = "structuring";

    /// <summary>The reporting threshold structuring stays under, in CNY minor units.</summary>
    public const long ReportingThreshold = 5_000_000;

    public static readonly IReadOnlyList<string> All =
        [AccountTakeover, CompromisedDevice, AmountSpike, MuleFanIn, MuleFanOut, Structuring];
}
