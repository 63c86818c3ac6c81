using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Jade.Deploy.Tests.Observability;

/// <summary>The alert rules: valid for promtool, each one unit-tested, each one with a severity, a summary and a runbook section.</summary>
public sealed class AlertRulesTests
{
    private static readonly string[] Severities = ["critical", "warning"];

    [Test]
    public async Task Promtool_accepts_the_rules()
    {
        var check = await Tool.RunAsync(ObservabilityFiles.Promtool, ["check", "rules", ObservabilityFiles.Rules]);
        Assert.That(check.ExitCode, Is.Zero, check.ToString);
    }

    [Test]
    public async Task The_promtool_unit_tests_of_the_alerts_pass()
    {
        var test = await Tool.RunAsync(ObservabilityFiles.Promtool, ["test", "rules", ObservabilityFiles.RuleTests]);
        Assert.That(test.ExitCode, Is.Zero, test.ToString);
    }

    [Test]
    public void Every_alert_is_seen_firing_in_the_unit_tests()
    {
        var fired = Yaml.Root(File.ReadAllText(ObservabilityFiles.RuleTests)).Sequence("tests").Cast<YamlMappingNode>()
            .SelectMany(test => test.Sequence("alert_rule_test").Cast<YamlMappingNode>())
            .Where(check => check.Sequence("exp_alerts").Count > 0)
            .Select(check => check.Scalar("alertname"))
            .ToHashSet();

        Assert.That(AlertRules.Load().Select(a => a.Name).Where(name => !fired.Contains(name)), Is.Empty, "alerts no unit test sees firing");
    }

    [Test]
    public void Every_alert_has_a_severity_a_summary_and_a_runbook_section_that_exists()
    {
        var runbook = File.ReadAllText(ObservabilityFiles.AlertsRunbook);
        var sections = Regex.Matches(runbook, @"^## (\S+)\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Multiple(() =>
        {
            foreach (var alert in AlertRules.Load())
            {
                Assert.That(alert.Labels.GetValueOrDefault("severity"), Is.AnyOf(Severities), $"{alert.Name} severity");
                Assert.That(alert.Annotations.GetValueOrDefault("summary"), Is.Not.Null.And.Not.Empty, $"{alert.Name} summary");
                // GitHub's anchor for "## JadeTargetDown" is #jadetargetdown.
                Assert.That(alert.Annotations.GetValueOrDefault("runbook_url"), Is.EqualTo($"docs/operations/alerts.md#{alert.Name.ToLowerInvariant()}"),
                    $"{alert.Name} runbook_url");
                Assert.That(sections, Does.Contain(alert.Name), $"docs/operations/alerts.md has no \"## {alert.Name}\" section");
            }
        });
    }
}
