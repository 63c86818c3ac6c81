using System.Net;
using System.Net.Http.Json;
using Jade.Contracts.Identity;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Risk.Decisions;
using Jade.Testing;
using Npgsql;

namespace Jade.Risk.Tests.Screening;

public sealed class ScreeningApiTests : RiskServiceFixture
{
    [Test]
    public async Task An_ordinary_payment_is_approved_and_its_decision_recorded_before_the_answer()
    {
        var request = Transaction(12_345, Guid.CreateVersion7());
        var result = await ScreenAsync(request);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Outcome, Is.EqualTo("approve"));
            Assert.That(result.Reasons, Is.Empty);
            Assert.That(result.CaseId, Is.Null);
            Assert.That(await App.CountAsync("decisions", $"transaction_id = '{request["transactionId"]}' AND outcome = 'approve'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_behaviour_gauges_count_the_accounts_and_devices_a_screening_remembered()
    {
        using var client = App.CreateClient();
        var before = await MetricsScrape.FromAsync(client);
        double Keys(MetricsScrape s, string kind) => s.Value("jade_risk_behaviour_keys", ("kind", kind)) ?? 0;

        await ScreenAsync(Transaction(2_500, Guid.CreateVersion7()));

        var after = await MetricsScrape.FromAsync(client);
        Assert.Multiple(() =>
        {
            Assert.That(Keys(after, "account"), Is.GreaterThanOrEqualTo(Keys(before, "account") + 2), "the payer and the payee");
            Assert.That(Keys(after, "device"), Is.GreaterThanOrEqualTo(Keys(before, "device") + 1));
            Assert.That(after.Value("jade_risk_behaviour_pooled_bytes"), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task A_retried_screening_answers_the_first_decision_and_records_one()
    {
        var request = Transaction(5_000, Guid.CreateVersion7());
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ScreenAsync(request)));
        var again = await ScreenAsync(request);

        Assert.Multiple(async () =>
        {
            Assert.That(results.Append(again).Select(r => r.DecisionId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(await App.CountAsync("decisions", $"transaction_id = '{request["transactionId"]}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_KYC_level_sets_the_amount_limit_and_a_verification_raises_it()
    {
        var customer = Guid.CreateVersion7();
        var declined = await ScreenAsync(Transaction(600_000, customer));
        Assert.That(declined.Outcome, Is.EqualTo("decline"));
        Assert.That(declined.Reasons.Select(r => r.Code), Does.Contain("kyc_amount_limit"));

        await DeliverAsync(new KycVerified(customer, Guid.CreateVersion7(), 2, DateTimeOffset.UtcNow),
            () => App.CountAsync("customers", $"id = '{customer}' AND kyc_level = 2"), n => n == 1);
        // The same amount again (the fraud model may still have its own view of a first large payment).
        var after = await ScreenAsync(Transaction(600_000, customer));
        Assert.That(after.Reasons.Select(r => r.Code), Does.Not.Contain("kyc_amount_limit"));
    }

    [Test]
    public async Task A_burst_from_one_customer_is_sent_to_review_with_a_case()
    {
        var customer = Guid.CreateVersion7();
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await ScreenAsync(Transaction(1_000 + i, customer, at: at.AddSeconds(i)))).Outcome, Is.EqualTo("approve"));
        }
        var sixth = await ScreenAsync(Transaction(1_000, customer, at: at.AddSeconds(6)));

        Assert.Multiple(async () =>
        {
            Assert.That(sixth.Outcome, Is.EqualTo("review"));
            Assert.That(sixth.Reasons.Select(r => r.Code), Does.Contain("velocity_payer.count_1m"));
            Assert.That(sixth.CaseId, Is.Not.Null);
            Assert.That(await App.CountAsync("cases", $"id = '{sixth.CaseId}' AND status = 'open' AND kind = 'transaction'"), Is.EqualTo(1));
            Assert.That(await OutboxAsync<CaseOpened>("payload->>'caseId' = @id", sixth.CaseId!), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_withdrawal_to_a_sanctioned_name_is_reviewed()
    {
        var result = await ScreenAsync(Transaction(10_000, Guid.CreateVersion7(), type: "withdrawal", payeeName: "Banco Nacional de Cuba"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo("review"));
            Assert.That(result.Reasons.Select(r => r.Code), Does.Contain("sanctioned_payee"));
        });
    }

    [Test]
    public async Task A_decision_is_queryable_by_transaction_id()
    {
        var request = Transaction(777, Guid.CreateVersion7());
        var screened = await ScreenAsync(request);
        var found = await Screener.GetFromJsonAsync<Jade.Risk.Screening.ScreeningResponse>($"/api/risk/screenings/{request["transactionId"]}");
        var missing = await Screener.GetAsync($"/api/risk/screenings/{Guid.CreateVersion7()}");
        Assert.Multiple(() =>
        {
            Assert.That(found!.DecisionId, Is.EqualTo(screened.DecisionId));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task The_bus_request_is_answered_once_per_message_and_a_new_request_gets_the_same_decision()
    {
        var id = Guid.CreateVersion7();
        var request = new ScreenTransaction(id, "p2p", 4_200, "CNY", Guid.CreateVersion7(), Guid.CreateVersion7(), null, "app", "d-1",
            "198.51.100.4", DateTimeOffset.UtcNow);
        var replies = await DeliverAsync(request, () => OutboxAsync<TransactionScreened>("payload->>'transactionId' = @id", id), r => r.Count > 0);
        await DeliverAsync(request, () => OutboxAsync<TransactionScreened>("payload->>'transactionId' = @id", id), r => r.Count > 1);
        replies = await OutboxAsync<TransactionScreened>("payload->>'transactionId' = @id", id);

        Assert.Multiple(async () =>
        {
            Assert.That(replies.Select(r => r.DecisionId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(replies[0].Outcome, Is.EqualTo("approve"));
            Assert.That(await App.CountAsync("decisions", $"transaction_id = '{id}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_decision_PostgreSQL_refuses_fails_only_its_own_callers_not_the_others_written_with_it()
    {
        var writer = App.Services.GetRequiredService<DecisionWriter>();
        var good = Enumerable.Range(0, 4).Select(i => Write(1_000 + i, "phone-good")).ToList();
        var bad = Write(999, "phone\u0000");
        Task<bool>[] writes;
        Task<bool> blocker;
        await using (var admin = App.Database.OpenAdminConnection())
        await using (var tx = await admin.BeginTransactionAsync())
        {
            async Task<object?> Sql(string text)
            {
                await using var command = new NpgsqlCommand(text, admin, tx);
                return await command.ExecuteScalarAsync();
            }
            // The writer held on a table lock with one decision while the rest queue: they reach it as one batch.
            await Sql("LOCK TABLE risk.decisions IN SHARE ROW EXCLUSIVE MODE");
            blocker = writer.WriteAsync(Write(1, "phone-blocker"));
            var held = await Eventually.WaitForAsync(
                () => Sql("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'risk.decisions'::regclass AND NOT granted)"), w => w is true, Wait);
            Assert.That(held, Is.True, "the writer waits on the lock");
            // The last is a retried request racing the first: answered "decided before", not failed.
            writes = [.. good.Take(2).Append(bad).Concat(good.Skip(2)).Append(good[0]).Select(writer.WriteAsync)];
        }

        var refused = Assert.ThrowsAsync<PostgresException>(() => writes[2]);
        var goodIds = string.Join(", ", good.Select(w => $"'{w.Decision.TransactionId}'"));
        Assert.Multiple(async () =>
        {
            Assert.That(await blocker, Is.True);
            Assert.That(refused!.SqlState[..2], Is.EqualTo("22"));
            Assert.That(await Task.WhenAll(writes.Where((_, i) => i != 2)), Is.EqualTo(new[] { true, true, true, true, false }));
            Assert.That(await App.CountAsync("decisions", $"transaction_id IN ({goodIds})"), Is.EqualTo(4));
            Assert.That(await App.CountAsync("outbox_messages", $"id = '{good[3].Outbox[0].Id}'"), Is.EqualTo(1));
            Assert.That(await App.CountAsync("decisions", $"transaction_id = '{bad.Decision.TransactionId}'"), Is.Zero);
            Assert.That(App.Logs.Mentioning(bad.Decision.TransactionId.ToString()),
                Has.Some.StartsWith("Error Jade.Risk.Decisions.DecisionWriter: PostgreSQL refused"));
        });
    }

    /// <summary>An approved decision as the screener would write it, with its bus reply in the outbox.</summary>
    private static DecisionWrite Write(long amount, string device)
    {
        var now = DateTimeOffset.UtcNow;
        var decision = new DecisionRow
        {
            Id = Guid.CreateVersion7(), TransactionId = Guid.CreateVersion7(), Type = "p2p", Amount = amount, Currency = "CNY",
            PayerId = Guid.CreateVersion7(), PayeeId = Guid.CreateVersion7(), Channel = "app", DeviceId = device, OccurredAt = now,
            DecidedAt = now, Outcome = Outcomes.Approve, ModelVersion = "test", Reasons = "[]", ShadowReasons = "[]",
        };
        var reply = new TransactionScreened(decision.TransactionId, decision.Id, decision.Outcome, 0, [], null);
        return new DecisionWrite(decision, null, [OutboxMessage.For(reply, now)]);
    }
}
