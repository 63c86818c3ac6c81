namespace Jade.Deploy.Tests.Observability;

/// <summary>
/// Every metric an alert reads exists: served by Jade's services under exactly that name (a renamed instrument, a
/// unit that changes the exported suffix, a typo in a rule would otherwise leave an alert that can never fire), or
/// named here with where it comes from.
/// </summary>
public sealed class AlertMetricNamesTests
{
    /// <summary>Series from outside Jade's services, with their source.</summary>
    private static readonly Dictionary<string, string> External = new()
    {
        ["up"] = "Prometheus, for every target it scrapes",
        ["rabbitmq_detailed_queue_messages"] = "RabbitMQ's rabbitmq_prometheus plugin, /metrics/detailed?family=queue_coarse_metrics (3.10+)",
    };

    [Test]
    public async Task Every_metric_an_alert_reads_is_served_by_a_Jade_service_or_comes_from_a_named_outside_source()
    {
        var served = await ServedMetrics.CollectAsync();

        Assert.That(Unknown(AlertRules.Load(), served), Is.Empty, () => $"Served: {string.Join(", ", served.Order())}");
    }

    [Test]
    public void A_misspelt_metric_in_an_alert_is_reported()
    {
        var rules = File.ReadAllText(ObservabilityFiles.Rules);
        var everythingTheRulesRead = AlertRules.Load().SelectMany(a => PromQlMetricNames.In(a.Expression)).ToHashSet();
        var misspelt = AlertRules.Parse(rules.Replace("(jade_outbox_backlog)", "(jade_outbox_backlogs)", StringComparison.Ordinal));

        Assert.That(Unknown(misspelt, everythingTheRulesRead), Is.EqualTo(new[] { "JadeOutboxBacklogHigh reads jade_outbox_backlogs" }));
    }

    [Test]
    public void The_metrics_of_an_expression_are_its_selectors_not_its_functions_labels_or_numbers()
    {
        const string expression = """
            histogram_quantile(0.99, sum by (service, le) (rate(http_server_request_duration_seconds_bucket{http_route!~"/health/.*"}[5m]))) > 1
            and on (service) sum by (service) (increase(jade_messaging_dead_lettered_total[15m] offset 1h)) > 1e3
            or time() - max by (service) (jade_ledger_verification_last_success_time_seconds) > 3 * 3600
            """;

        Assert.That(PromQlMetricNames.In(expression), Is.EquivalentTo(new[]
        {
            "http_server_request_duration_seconds_bucket", "jade_messaging_dead_lettered_total", "jade_ledger_verification_last_success_time_seconds",
        }));
    }

    private static IEnumerable<string> Unknown(IEnumerable<AlertRule> alerts, IReadOnlySet<string> served) =>
        alerts.SelectMany(alert => PromQlMetricNames.In(alert.Expression)
            .Where(name => !served.Contains(name) && !External.ContainsKey(name))
            .Select(name => $"{alert.Name} reads {name}"));
}
