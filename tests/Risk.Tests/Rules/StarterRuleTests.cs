using Jade.Risk.Behaviour;
using Jade.Risk.Decisions;
using Jade.Risk.Fraud.Simulation;
using Jade.Risk.Rules;
using Jade.Risk.Rules.Starter;
using Jade.Risk.Sanctions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jade.Risk.Tests.Rules;

/// <summary>
/// Every starter rule, with its starter parameters, against the simulator: it must fire on the pattern it exists for
/// and stay quiet on ordinary customers' traffic.
/// </summary>
public sealed class StarterRuleTests
{
    private static readonly Lazy<Evaluated> Simulated = new(Evaluate);

    private sealed record Hit(SimulatedTransaction Simulated, string Rule);

    private sealed record Evaluated(IReadOnlyList<SimulatedTransaction> All, IReadOnlyList<Hit> Hits);

    private static Evaluated Evaluate()
    {
        var all = TransactionSimulator.Generate(new SimulationOptions { Customers = 1_500, Days = 21 });
        var hits = new List<Hit>();
        foreach (var (simulated, snapshot) in all.Replay())
        {
            var input = new RuleInput(simulated.Transaction, snapshot, KycLevel: 2, PayeeSanctionsMatch: null, ModelProbability: 0);
            foreach (var rule in StarterRules.All)
            {
                if (rule.Evaluate(input, new RuleParameters(rule.DefaultParameters)) is not null) hits.Add(new Hit(simulated, rule.Code));
            }
        }
        return new Evaluated(all, hits);
    }

    [TestCase("kyc_amount_limit")]
    [TestCase("large_new_payee")]
    [TestCase("velocity_payer")]
    [TestCase("velocity_device")]
    [TestCase("velocity_payee")]
    [TestCase("structuring")]
    [TestCase("rapid_in_out")]
    [TestCase("new_device_high_amount")]
    public void Stays_quiet_on_normal_traffic(string rule)
    {
        var normal = Simulated.Value.All.Count(s => !s.IsFraud);
        var falseHits = Simulated.Value.Hits.Count(h => h.Rule == rule && !h.Simulated.IsFraud);
        TestContext.Out.WriteLine($"{rule}: {falseHits} of {normal} normal transactions");
        Assert.That(falseHits, Is.LessThanOrEqualTo(normal / 1_000), $"{rule} fires on at most 0.1 % of normal traffic");
    }

    [TestCase("structuring", FraudScenarios.Structuring, 0.9)]
    [TestCase("rapid_in_out", FraudScenarios.MuleFanOut, 0.8)]
    [TestCase("rapid_in_out", FraudScenarios.MuleFanIn, 0.8)]
    [TestCase("velocity_payee", FraudScenarios.MuleFanIn, 0.8)]
    [TestCase("velocity_device", FraudScenarios.CompromisedDevice, 0.8)]
    [TestCase("new_device_high_amount", FraudScenarios.AccountTakeover, 0.8)]
    [TestCase("large_new_payee", FraudScenarios.AmountSpike, 0.8)]
    public void Fires_on_its_pattern(string rule, string scenario, double share)
    {
        var incidents = Simulated.Value.All.Incidents(scenario).ToList();
        var caught = incidents.Count(incident => Simulated.Value.Hits.Any(h => h.Rule == rule && incident.Contains(h.Simulated)));
        TestContext.Out.WriteLine($"{rule}: caught {caught} of {incidents.Count} {scenario} incidents");
        Assert.That(incidents, Is.Not.Empty, $"the simulator produced {scenario} incidents");
        Assert.That((double)caught / incidents.Count, Is.GreaterThanOrEqualTo(share));
    }

    [TestCase(1, 500_000, false)]
    [TestCase(1, 500_001, true)]
    [TestCase(2, 5_000_000, false)]
    [TestCase(2, 5_000_001, true)]
    [TestCase(3, 20_000_001, true)]
    public void The_amount_limit_follows_the_KYC_level(int level, long amount, bool fires)
    {
        var rule = new KycAmountLimit();
        var input = Input(RuleFixtures.Payment(amount), level);
        Assert.That(rule.Evaluate(input, new RuleParameters(rule.DefaultParameters)) is not null, Is.EqualTo(fires));
    }

    [Test]
    public void A_sanctioned_payee_fires_at_or_above_the_score()
    {
        var rule = new SanctionedPayee();
        var match = new SanctionsMatch(123, "EXAMPLE PERSON", "individual", ["SDGT"], 0.91, ["name"]);
        var weak = match with { Score = 0.80 };
        var tx = RuleFixtures.Payment(10_000) with { PayeeName = "Example Person" };
        var parameters = new RuleParameters(rule.DefaultParameters);
        Assert.Multiple(() =>
        {
            Assert.That(rule.Evaluate(Input(tx, 2) with { PayeeSanctionsMatch = match }, parameters)?.ReasonCode, Is.EqualTo("sanctioned_payee"));
            Assert.That(rule.Evaluate(Input(tx, 2) with { PayeeSanctionsMatch = weak }, parameters), Is.Null);
            Assert.That(rule.Evaluate(Input(tx, 2), parameters), Is.Null);
        });
    }

    [TestCase(0.49f, null)]
    [TestCase(0.50f, "review")]
    [TestCase(0.949f, "review")]
    [TestCase(0.95f, "decline")]
    public void The_model_thresholds_grade_the_action(float probability, string? action)
    {
        var rule = new FraudModelThreshold();
        var hit = rule.Evaluate(Input(RuleFixtures.Payment(1_000), 2) with { ModelProbability = probability }, new RuleParameters(rule.DefaultParameters));
        Assert.That(hit?.Action, Is.EqualTo(action));
    }

    [Test]
    public void A_limit_set_to_zero_is_off()
    {
        var rule = new KycAmountLimit();
        var off = new RuleParameters(new Dictionary<string, long> { ["level1MaxAmount"] = 0, ["level2MaxAmount"] = 0, ["level3MaxAmount"] = 0 });
        Assert.That(rule.Evaluate(Input(RuleFixtures.Payment(long.MaxValue / 2), 1), off), Is.Null);
    }

    [Test]
    public void Every_parameter_has_a_range_that_holds_its_starter_value()
    {
        Assert.Multiple(() =>
        {
            foreach (var rule in StarterRules.All)
            {
                Assert.That(rule.Ranges.Keys, Is.EquivalentTo(rule.DefaultParameters.Keys), rule.Code);
                foreach (var (name, value) in rule.DefaultParameters)
                {
                    Assert.That(rule.Ranges[name].Contains(value), Is.True, $"{rule.Code}.{name} = {value} is within {rule.Ranges[name]}");
                }
            }
        });
    }

    [Test]
    public void A_rule_that_throws_never_fails_the_screening_an_active_one_sends_it_to_review()
    {
        var input = Input(RuleFixtures.Payment(600_000), 1);
        var failed = new List<string>();
        var results = RuleBook.Evaluate(
        [
            Compiled(new Throwing("broken_active"), RuleModes.Active),
            Compiled(new Throwing("broken_shadow"), RuleModes.Shadow),
            Compiled(new KycAmountLimit(), RuleModes.Shadow),
        ], input, (rule, _) => failed.Add(rule.Code));

        Assert.Multiple(() =>
        {
            Assert.That(results.Outcome, Is.EqualTo(Outcomes.Review));
            Assert.That(results.Reasons.Select(r => (r.Code, r.RuleCode, r.Action)), Is.EqualTo(new[] { (RuleBook.RuleErrorCode, "broken_active", "review") }));
            Assert.That(results.Score, Is.Zero, "a rule that could not look scores nothing");
            Assert.That(results.ShadowReasons.Select(r => r.RuleCode), Is.EqualTo(new[] { "kyc_amount_limit" }), "a throwing shadow rule is skipped, the others still run");
            Assert.That(failed, Is.EqualTo(new[] { "broken_active", "broken_shadow" }));
        });
    }

    [Test]
    public void A_rule_approved_with_a_window_its_arithmetic_cannot_take_reviews_instead_of_throwing()
    {
        // What an approval could store before parameters had ranges: DateTimeOffset.AddMinutes throws on it.
        var rule = new RapidInAndOut();
        var parameters = new Dictionary<string, long>(rule.DefaultParameters) { ["windowMinutes"] = 2_000_000_000 };
        var results = RuleBook.Evaluate([Compiled(rule, RuleModes.Active, parameters)], Input(RuleFixtures.Payment(1_000), 2), (_, _) => { });

        Assert.That((results.Outcome, results.Reasons.Single().Code), Is.EqualTo((Outcomes.Review, RuleBook.RuleErrorCode)));
    }

    [Test]
    public void The_rule_book_refuses_to_evaluate_before_it_is_loaded()
    {
        var book = new RuleBook(NullLogger<RuleBook>.Instance);
        Assert.Throws<InvalidOperationException>(() => book.Evaluate(Input(RuleFixtures.Payment(1_000), 2)));
    }

    private static CompiledRule Compiled(IRuleEvaluator rule, string mode, IReadOnlyDictionary<string, long>? parameters = null) =>
        new(Guid.CreateVersion7(), rule.Code, 1, mode, rule.DefaultAction, rule.DefaultScore, rule, new RuleParameters(parameters ?? rule.DefaultParameters));

    private sealed class Throwing(string code) : IRuleEvaluator
    {
        public string Code => code;
        public string Name => code;
        public string Description => "Always throws.";
        public string DefaultAction => RuleActions.Decline;
        public int DefaultScore => 900;
        public IReadOnlyDictionary<string, long> DefaultParameters { get; } = new Dictionary<string, long>();
        public IReadOnlyDictionary<string, ParameterRange> Ranges { get; } = new Dictionary<string, ParameterRange>();
        public RuleHit? Evaluate(RuleInput input, RuleParameters parameters) => throw new ArgumentOutOfRangeException(nameof(parameters));
    }

    private static RuleInput Input(Jade.Risk.Screening.ScreeningTransaction tx, int level) =>
        new(tx, new BehaviourTracker().Snapshot(tx), level, null, 0);
}
