namespace Jade.Risk.Fraud.Simulation;

/// <summary>
/// A deterministic, PaySim-style generator of wallet traffic with labelled fraud: customers with habits (salary
/// top-ups, usual payees and merchants, devices, active hours, weekly rhythm) plus the patterns in
/// <see cref="FraudScenarios"/> at about 1 % of transactions. Same options, same output, byte for byte.
/// </summary>
public static class TransactionSimulator
{
    /// <summary>All transactions of the simulated period, ordered by time.</summary>
    public static IReadOnlyList<SimulatedTransaction> Generate(SimulationOptions? options = null)
    {
        options ??= new SimulationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Customers, 10, nameof(options.Customers));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1, nameof(options.Days));
        ArgumentOutOfRangeException.ThrowIfNegative(options.FraudIncidentsPerThousandCustomersPerDay);
        return new SimulationRun(options).Run();
    }
}
