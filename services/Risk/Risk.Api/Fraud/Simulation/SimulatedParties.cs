namespace Jade.Risk.Fraud.Simulation;

/// <summary>A simulated customer's habits: what makes their normal traffic look like theirs.</summary>
internal sealed class SimulatedCustomer(Guid id, string name)
{
    public Guid Id { get; } = id;
    public string Name { get; } = name;
    public List<string> Devices { get; } = [];
    public List<string> IpAddresses { get; } = [];
    public string Channel { get; set; } = "app";

    /// <summary>Mean transactions per weekday; weekends are scaled by <see cref="WeekendFactor"/>.</summary>
    public double Rate { get; set; }
    public double WeekendFactor { get; set; }

    /// <summary>Local (UTC+8) hour around which the customer is active, and the spread in hours.</summary>
    public double ActiveCentre { get; set; }
    public double ActiveSpread { get; set; }
    public bool NightOwl { get; set; }

    /// <summary>Median amounts in yuan: statistics of a habit, converted to minor units per transaction.</summary>
    public double PaymentMedian { get; set; }
    public double P2PMedian { get; set; }

    /// <summary>Day the customer opened the wallet; a quarter join during the simulated period, so brand-new
    /// accounts with perfectly normal first transactions exist next to the mules.</summary>
    public int JoinDay { get; set; }

    public long MonthlySalary { get; set; }
    public int SalaryDay { get; set; }

    public List<SimulatedCustomer> UsualPayees { get; } = [];
    public List<int> UsualMerchants { get; } = [];
    public HashSet<Guid> Paid { get; } = [];

    /// <summary>Estimated wallet balance (minor units) at the end of each simulated day, for sizing a takeover's drain.</summary>
    public long[] BalanceByDay { get; set; } = [];
    public long Balance { get; set; }
}

internal sealed record SimulatedMerchant(Guid Id, string Name);
