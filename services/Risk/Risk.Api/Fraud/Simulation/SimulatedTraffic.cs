using Jade.Risk.Behaviour;
using Jade.Risk.Screening;

namespace Jade.Risk.Fraud.Simulation;

/// <summary>Slices of simulator output for tests of rules and models.</summary>
public static class SimulatedTraffic
{
    /// <summary>The transactions that are not fraud.</summary>
    public static IEnumerable<ScreeningTransaction> NormalTraffic(this IEnumerable<SimulatedTransaction> simulated) =>
        simulated.Where(s => !s.IsFraud).Select(s => s.Transaction);

    /// <summary>The transactions of one <see cref="FraudScenarios"/> pattern, in time order.</summary>
    public static IEnumerable<ScreeningTransaction> OfScenario(this IEnumerable<SimulatedTransaction> simulated, string scenario) =>
        simulated.Where(s => s.Scenario == scenario).Select(s => s.Transaction);

    /// <summary>Each incident of a scenario as its transactions in time order.</summary>
    public static IEnumerable<IReadOnlyList<SimulatedTransaction>> Incidents(this IEnumerable<SimulatedTransaction> simulated, string scenario) =>
        simulated.Where(s => s.Scenario == scenario && s.Incident is not null)
            .GroupBy(s => s.Incident!.Value)
            .Select(g => (IReadOnlyList<SimulatedTransaction>)g.ToList());

    /// <summary>
    /// Replays the stream the way the screening service sees it: for each transaction the tracker's snapshot before it,
    /// then the transaction is recorded. Rules and the model must be evaluated on these snapshots (the whole stream,
    /// fraud included, shapes everyone's history), never on a tracker that has already seen the transaction.
    /// </summary>
    public static IEnumerable<(SimulatedTransaction Simulated, BehaviourSnapshot Snapshot)> Replay(
        this IEnumerable<SimulatedTransaction> simulated, BehaviourTracker? tracker = null)
    {
        tracker ??= new BehaviourTracker();
        foreach (var s in simulated)
        {
            var snapshot = tracker.Snapshot(s.Transaction);
            yield return (s, snapshot);
            tracker.Record(s.Transaction);
        }
    }
}
