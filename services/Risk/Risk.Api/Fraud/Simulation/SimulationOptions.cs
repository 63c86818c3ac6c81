namespace Jade.Risk.Fraud.Simulation;

/// <summary>What <see cref="TransactionSimulator"/> generates. Everything derives from <see cref="Seed"/> and
/// <see cref="Start"/>: no clock, no <see cref="Guid.NewGuid"/>.</summary>
public sealed record SimulationOptions
{
    public int Seed { get; init; } = 20260101;

    public int Customers { get; init; } = 3_000;

    public int Days { get; init; } = 35;

    /// <summary>First instant of the simulation (UTC); customers live in China Standard Time (UTC+8).</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Fraud incidents started per day per thousand customers; each incident is several transactions.
    /// The default gives about 1 % fraudulent transactions.</summary>
    public double FraudIncidentsPerThousandCustomersPerDay { get; init; } = 2.4;
}
