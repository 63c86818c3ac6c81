using System.Net.Http.Json;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Risk.Screening;

namespace Jade.Risk.Tests.Screening;

/// <summary>
/// A restarted risk service rebuilds its behaviour windows from the decisions of the last seven days before it reports
/// ready, so velocity rules keep counting across deploys and crashes.
/// </summary>
public sealed class StartupReplayTests : RiskServiceFixture
{
    [Test]
    public async Task A_restarted_service_still_counts_the_payments_made_before_it_stopped()
    {
        var database = await TestDatabase.CreateAsync(RiskDb.Schema);
        var vhost = await TestVirtualHost.CreateAsync();
        var customer = Guid.CreateVersion7();
        var at = DateTimeOffset.UtcNow;
        await using (var before = new RiskApp(database, vhost) { SharesInfrastructure = true })
        {
            await before.WaitUntilHealthyAsync();
            using var screener = before.Screener();
            for (var i = 0; i < 5; i++)
            {
                Assert.That((await ScreenAsync(screener, Transaction(1_000 + i, customer, at: at.AddSeconds(i)))).Outcome, Is.EqualTo("approve"));
            }
        }

        await using var after = new RiskApp(database, vhost);
        await after.WaitUntilHealthyAsync();
        using var again = after.Screener();
        var sixth = await ScreenAsync(again, Transaction(1_000, customer, at: at.AddSeconds(6)));

        Assert.That(sixth.Outcome, Is.EqualTo("review"));
        Assert.That(sixth.Reasons.Select(r => r.Code), Does.Contain("velocity_payer.count_1m"));
    }

    [Test]
    public async Task A_bus_screening_sent_while_the_state_loads_is_answered_once_it_is_loaded_with_the_rules_applied()
    {
        // A level 3 customer, whom a screening on half-loaded state would take for level 1, and one nobody verified.
        var verified = Guid.CreateVersion7();
        await using (var connection = App.Database.OpenAdminConnection())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO risk.customers (id, registered_at, kyc_level, updated_at) VALUES (@id, now(), 3, now())";
            insert.Parameters.AddWithValue("id", verified);
            await insert.ExecuteNonQueryAsync();
        }
        // A second service on this class's (migrated) database and a vhost of its own. Its warm-up loads the customers
        // first: while this transaction holds their table, it cannot become ready.
        var vhost = await TestVirtualHost.CreateAsync();
        var blocker = App.Database.OpenAdminConnection();
        var hold = await blocker.BeginTransactionAsync();
        await using (var lockTable = blocker.CreateCommand())
        {
            lockTable.CommandText = "LOCK TABLE risk.customers IN ACCESS EXCLUSIVE MODE";
            await lockTable.ExecuteNonQueryAsync();
        }
        var warming = new RiskApp(App.Database, vhost, new Dictionary<string, string>
        {
            [$"Logging:LogLevel:{typeof(ScreenTransactionHandler).FullName}"] = "Information",
        }) { SharesInfrastructure = true };
        try
        {
            var transport = warming.Services.GetRequiredService<IMessageTransport>();
            // 6,000 CNY: above the level 1 limit of 5,000, far below level 3's.
            var ofVerified = new ScreenTransaction(Guid.CreateVersion7(), "p2p", 600_000, "CNY", verified, Guid.CreateVersion7(), null, "app",
                "phone-verified", "198.51.100.7", DateTimeOffset.UtcNow);
            var ofUnverified = ofVerified with { TransactionId = Guid.CreateVersion7(), PayerId = Guid.CreateVersion7(), DeviceId = "phone-unverified" };
            var messages = new[] { ofVerified, ofUnverified }.Select(m => new OutgoingMessage(Guid.CreateVersion7(), typeof(ScreenTransaction), m, null)).ToList();
            List<string> Waiting() => [.. warming.Logs.Lines.Where(l => l.Contains("waits until the screening state is loaded"))];
            // Published again (same message ids) until one is taken up: a publish before the queue is bound is dropped.
            await Eventually.WaitForAsync(async () =>
            {
                foreach (var message in messages) await transport.PublishAsync(message, CancellationToken.None);
                return await Eventually.WaitForAsync(() => Task.FromResult(Waiting()), w => w.Count > 0, TimeSpan.FromSeconds(3));
            }, w => w.Count > 0, Wait);

            using (var probe = warming.CreateClient())
            {
                var health = await (await probe.GetAsync("/health/ready")).Content.ReadAsStringAsync();
                Assert.Multiple(async () =>
                {
                    Assert.That(Waiting(), Is.Not.Empty, "a bus screening arrived while the state was loading");
                    Assert.That(HealthReport.IsHealthy(health), Is.False, health);
                    Assert.That(await App.CountAsync("decisions", $"transaction_id IN ('{ofVerified.TransactionId}', '{ofUnverified.TransactionId}')"), Is.Zero);
                });
            }

            await hold.CommitAsync();
            var ofVerifiedReply = (await EventuallyOutboxAsync<TransactionScreened>("payload->>'transactionId' = @id", ofVerified.TransactionId)).Single();
            var ofUnverifiedReply = (await EventuallyOutboxAsync<TransactionScreened>("payload->>'transactionId' = @id", ofUnverified.TransactionId)).Single();
            Assert.Multiple(() =>
            {
                Assert.That(ofVerifiedReply.Reasons, Does.Not.Contain("kyc_amount_limit"), "screened with the customer's loaded KYC level");
                Assert.That(ofUnverifiedReply.Outcome, Is.EqualTo("decline"), "screened with the rules loaded");
                Assert.That(ofUnverifiedReply.Reasons, Does.Contain("kyc_amount_limit"));
            });
        }
        finally
        {
            // Rolls back (and unlocks) if the test failed before the commit, so the service can finish starting and stop.
            await hold.DisposeAsync();
            await blocker.DisposeAsync();
            await warming.DisposeAsync();
            await vhost.DisposeAsync();
        }
    }

    [Test]
    public async Task The_replay_hands_over_the_last_seven_days_oldest_first_without_declined_or_older_decisions()
    {
        var payer = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await InsertDecisionsAsync(payer, now.AddDays(-8), count: 3, outcome: "approve");
        await InsertDecisionsAsync(payer, now.AddHours(-1), count: 2, outcome: "decline");
        // More than one batch, inserted newest first so that only the query's order can put them right.
        await InsertDecisionsAsync(payer, now.AddDays(-6), count: 5_000, outcome: "approve", step: TimeSpan.FromSeconds(-1));
        await InsertDecisionsAsync(payer, now.AddDays(-6).AddMinutes(-30), count: 7, outcome: "review");

        var replayed = new List<ScreeningTransaction>();
        var count = await App.Services.GetRequiredService<DecisionReplay>().ReplayAsync(now.AddDays(-7), tx =>
        {
            if (tx.PayerId == payer) replayed.Add(tx);
        }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(replayed, Has.Count.EqualTo(5_007));
            Assert.That(count, Is.GreaterThanOrEqualTo(5_007), "other tests' decisions are replayed too");
            Assert.That(replayed.Select(t => t.OccurredAt), Is.Ordered);
            Assert.That(replayed.Where(t => t.OccurredAt < now.AddDays(-7)), Is.Empty);
            Assert.That(replayed[0], Is.EqualTo(replayed[0] with { Type = "payment", Currency = "CNY", Channel = "app", DeviceId = "phone-1", IpAddress = null }));
        });
    }

    [Test]
    public void A_failing_record_stops_the_replay_with_its_error()
    {
        var replay = App.Services.GetRequiredService<DecisionReplay>();

        Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await InsertDecisionsAsync(Guid.CreateVersion7(), DateTimeOffset.UtcNow.AddMinutes(-5), count: 10, outcome: "approve");
            await replay.ReplayAsync(DateTimeOffset.UtcNow.AddDays(-7), _ => throw new InvalidOperationException("tracker refused"), CancellationToken.None);
        });
    }

    private static async Task<ScreeningResponse> ScreenAsync(HttpClient screener, object request)
    {
        var response = await screener.PostAsJsonAsync("/api/risk/screenings", request);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ScreeningResponse>())!;
    }

    private async Task InsertDecisionsAsync(Guid payer, DateTimeOffset first, int count, string outcome, TimeSpan? step = null)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO risk.decisions (id, transaction_id, type, amount, currency, payer_id, payee_id, channel, device_id, ip_address,
                                        occurred_at, decided_at, outcome, score, model_score, model_version, reasons, shadow_reasons)
            SELECT gen_random_uuid(), gen_random_uuid(), 'payment', 100 + i, 'CNY', @payer, NULL, 'app', 'phone-1', NULL,
                   @first + i * @step, now(), @outcome, 0, 0, 'test', '[]', '[]'
              FROM generate_series(0, @count - 1) AS i
            """;
        command.Parameters.AddWithValue("payer", payer);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("step", step ?? TimeSpan.FromSeconds(1));
        command.Parameters.AddWithValue("outcome", outcome);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }
}
