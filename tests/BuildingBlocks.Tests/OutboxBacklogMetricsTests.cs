using Jade.Testing;

namespace Jade.BuildingBlocks.Tests;

/// <summary>The outbox backlog gauges, as an operator's Prometheus reads them from <c>/metrics</c>.</summary>
public sealed class OutboxBacklogMetricsTests : PingServiceTest
{
    private const string Backlog = "jade_outbox_backlog";
    private const string OldestAge = "jade_outbox_oldest_unsent_age_seconds";
    private static readonly (string, string) Pings = ("schema", "pings");

    [Test]
    public async Task An_outbox_with_nothing_waiting_reports_an_empty_backlog()
    {
        var scrape = await Eventually.WaitForAsync(Service.ScrapeAsync, s => s.Value(Backlog, Pings) is not null, TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value(Backlog, Pings), Is.Zero);
            Assert.That(scrape.Value(OldestAge, Pings), Is.Zero);
        });
    }

    [Test]
    public async Task A_row_the_relay_cannot_send_shows_as_a_backlog_of_one_as_old_as_the_row()
    {
        // A row whose type no longer resolves is refused by the relay on every attempt: a stuck message, as an
        // operator would meet one, created ten minutes ago.
        await ExecuteAsync("""
            INSERT INTO pings.outbox_messages (id, type, payload, created_at, attempts)
            VALUES (gen_random_uuid(), 'Jade.Retired.Contract, Jade.Retired', '{}', now() - interval '10 minutes', 0)
            """);

        var stuck = await Eventually.WaitForAsync(Service.ScrapeAsync, s => s.Value(Backlog, Pings) == 1, TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(stuck.Value(Backlog, Pings), Is.EqualTo(1));
            Assert.That(stuck.Value(OldestAge, Pings), Is.InRange(600, 660));
        });

        await ExecuteAsync("DELETE FROM pings.outbox_messages WHERE sent_at IS NULL");
        var drained = await Eventually.WaitForAsync(Service.ScrapeAsync, s => s.Value(Backlog, Pings) == 0, TimeSpan.FromSeconds(10));
        Assert.That(drained.Value(OldestAge, Pings), Is.Zero);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = Service.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
