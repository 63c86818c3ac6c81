using System.Security.Cryptography;
using System.Text;
using Jade.Risk.Fraud.Simulation;
using Jade.Risk.Screening;

namespace Jade.Risk.Tests.Fraud;

public sealed class SimulatorTests
{
    private static readonly SimulationOptions Small = new() { Customers = 300, Days = 10 };

    /// <summary>The default-size stream, generated once: immutable records, so sharing it between tests is safe.</summary>
    private static readonly Lazy<IReadOnlyList<SimulatedTransaction>> Default = new(() => TransactionSimulator.Generate());

    private static string Hash(IEnumerable<SimulatedTransaction> simulated)
    {
        var text = new StringBuilder();
        foreach (var s in simulated) text.Append(s).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [Test]
    public void The_same_seed_gives_the_same_sequence_and_another_seed_a_different_one()
    {
        var first = Hash(TransactionSimulator.Generate(Small));
        var second = Hash(TransactionSimulator.Generate(Small));
        var other = Hash(TransactionSimulator.Generate(Small with { Seed = Small.Seed + 1 }));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void Output_is_time_ordered_inside_the_period_with_unique_ids()
    {
        var simulated = TransactionSimulator.Generate(Small);
        var times = simulated.Select(s => s.Transaction.OccurredAt).ToList();

        Assert.That(times, Is.Ordered);
        Assert.That(times[0], Is.GreaterThanOrEqualTo(Small.Start));
        Assert.That(times[^1], Is.LessThan(Small.Start.AddDays(Small.Days)));
        Assert.That(simulated.Select(s => s.Transaction.TransactionId).Distinct().Count(), Is.EqualTo(simulated.Count));
        Assert.That(simulated.Select(s => s.Transaction.Type).Distinct(), Is.EquivalentTo(TransactionTypes.All));
        Assert.That(simulated.Select(s => s.Transaction.Channel).Distinct(), Is.EquivalentTo(new[] { "app", "web", "partner" }));
        Assert.That(simulated, Has.All.Matches<SimulatedTransaction>(s => s.Transaction.Amount > 0 && s.Transaction.Currency == "CNY"));
        Assert.That(simulated, Has.All.Matches<SimulatedTransaction>(s => s.IsFraud == (s.Scenario is not null)));
    }

    [Test]
    public void Every_scenario_is_present_and_fraud_is_about_one_percent()
    {
        var simulated = Default.Value;
        var fraudRate = simulated.Count(s => s.IsFraud) / (double)simulated.Count;

        Assert.That(fraudRate, Is.InRange(0.005, 0.015));
        foreach (var scenario in FraudScenarios.All)
        {
            Assert.That(simulated.Incidents(scenario).Count(), Is.GreaterThanOrEqualTo(10), scenario);
        }
        Assert.That(simulated.Where(s => s.IsFraud).Select(s => s.Scenario).Distinct(), Is.SubsetOf(FraudScenarios.All));
    }

    [Test]
    public void Normal_traffic_is_well_behaved()
    {
        int normal = 0, busyHour = 0, largeToNewPayee = 0, forwards = 0, structuring = 0;
        foreach (var (s, snapshot) in Default.Value.Replay())
        {
            if (s.IsFraud) continue;
            normal++;
            var tx = s.Transaction;
            if (snapshot.Payer.Count1h >= 5) busyHour++;
            if (snapshot.IsNewPayee && tx.Amount > 2_000_000) largeToNewPayee++;
            if (tx.Type != TransactionTypes.TopUp && snapshot.PayerIncoming24h.Any(e =>
                    tx.OccurredAt - e.At < TimeSpan.FromHours(1) && tx.Amount * 2 >= e.Amount)) forwards++;
            if (IsNear(tx.Amount) && snapshot.PayerOutgoing24h.Any(e => IsNear(e.Amount))) structuring++;
        }

        Assert.That(busyHour, Is.LessThanOrEqualTo(normal / 10_000), "more than 5 transactions in an hour");
        Assert.That(largeToNewPayee, Is.LessThanOrEqualTo(normal / 10_000), "over 20,000 CNY to a new payee");
        Assert.That(forwards, Is.Zero, "received and sent on within the hour");
        Assert.That(structuring, Is.Zero, "several amounts just under the reporting threshold");
        Assert.That(Default.Value.NormalTraffic().Count(t => IsNear(t.Amount)), Is.Zero);
    }

    [Test]
    public void Patterns_have_the_shape_their_names_promise()
    {
        var simulated = Default.Value;
        Assert.Multiple(() =>
        {
            foreach (var incident in simulated.Incidents(FraudScenarios.Structuring))
            {
                Assert.That(incident.Count, Is.InRange(3, 5));
                Assert.That(incident.Select(s => s.Transaction.Amount), Has.All.InRange(4_500_000, 4_999_999));
                Assert.That(incident[^1].Transaction.OccurredAt - incident[0].Transaction.OccurredAt, Is.LessThan(TimeSpan.FromHours(24)));
            }
            foreach (var incident in simulated.Incidents(FraudScenarios.CompromisedDevice))
            {
                Assert.That(incident.Select(s => s.Transaction.DeviceId).Distinct().Count(), Is.EqualTo(1));
                Assert.That(incident.Select(s => s.Transaction.PayerId).Distinct().Count(), Is.GreaterThanOrEqualTo(2));
            }
            foreach (var incident in simulated.Incidents(FraudScenarios.MuleFanIn).Where(i => i.Count > 10))
            {
                var mule = incident.GroupBy(s => s.Transaction.PayeeId).MaxBy(g => g.Count())!.Key;
                Assert.That(incident.Count(s => s.Transaction.PayerId == mule), Is.GreaterThanOrEqualTo(1), "the mule sends on");
            }
            foreach (var incident in simulated.Incidents(FraudScenarios.AccountTakeover))
            {
                Assert.That(incident.Select(s => s.Transaction.DeviceId).Distinct().Count(), Is.EqualTo(1));
                Assert.That(incident.Count, Is.InRange(1, 6));
            }
        });
    }

    private static bool IsNear(long amount) => amount is >= 4_500_000 and < FraudScenarios.ReportingThreshold;
}
