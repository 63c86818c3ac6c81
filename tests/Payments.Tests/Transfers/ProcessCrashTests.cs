using Jade.Payments.Orders;

namespace Jade.Payments.Tests.Transfers;

/// <summary>
/// Payments killed with SIGKILL while payments are held and being decided, then started again: every payment finishes
/// exactly once — posted once, never doubled, never lost — and the ledger still verifies (fixture teardown).
/// </summary>
public sealed class ProcessCrashTests : MoneyStackFixture
{
    private const int Payments = 4;

    // The payments wait in review across two cold process starts: with the suite's 8-second review timeout some were
    // voided before their approval arrived, and then never completed.
    protected override IReadOnlyDictionary<string, string> PaymentSettings { get; } =
        new Dictionary<string, string>(MoneyStack.DefaultSettings) { ["Payments:Saga:ReviewTimeout"] = "00:10:00" };

    [Test]
    public async Task Payments_killed_after_the_holds_while_decisions_arrive_completes_each_payment_exactly_once()
    {
        // 3,500.00 as a customer's first payment, to a new payee, goes to review: the money is held and the saga waits.
        var payers = new List<Guid>();
        var payees = new List<Guid>();
        var ids = new List<Guid>();
        for (var i = 0; i < Payments; i++)
        {
            payers.Add(await Stack.RegisterAsync($"payer{i}.{Guid.NewGuid():N}@example.com"));
            payees.Add(await Stack.RegisterAsync($"payee{i}.{Guid.NewGuid():N}@example.com"));
            await Stack.FundAsync(payers[i], 500_000);
            var client = Stack.Payments.Customer(payers[i]);
            await client.SetPinAsync();
            ids.Add((await client.SendAcceptedAsync(payees[i], "3500.00")).Id);
        }
        for (var i = 0; i < Payments; i++) await Stack.Payments.Customer(payers[i]).WaitForAsync(ids[i], PaymentStatuses.InReview);
        var killedWhile = new List<string>();

        await Stack.RestartPaymentsAsync(beforeStart: async () =>
        {
            await using (var first = await Stack.StartPaymentsProcessAsync())
            {
                foreach (var id in ids) await Stack.DecideCaseAsync(id, "approve");
                // Kill at the first sign of work on the decisions: a post is on its way to the ledger or already answered.
                // A cold child process on a loaded CI machine can take well over 30 s to pick the first decision up.
                await Until(async () => await Stack.ScalarAsync(
                    $"SELECT count(*) FROM payments.payment_orders WHERE status IN ('posting', 'completed') AND id IN ({string.Join(',', ids.Select(i => $"'{i}'"))})") > 0,
                    TimeSpan.FromSeconds(90), () => first.Output);
                await first.KillAsync();
                killedWhile.AddRange(await StatusesAsync(ids));
            }
            // A second process picks up whatever the first left: unacknowledged replies, unpublished outbox rows, due deadlines.
            await using var second = await Stack.StartPaymentsProcessAsync();
            await Until(async () => (await StatusesAsync(ids)).All(s => s == PaymentStatuses.Completed), TimeSpan.FromSeconds(90), () => second.Output);
            await second.KillAsync();
        });

        var finals = new List<PaymentDetail>();
        for (var i = 0; i < Payments; i++) finals.Add(await Stack.Payments.Customer(payers[i]).WaitForAsync(ids[i], PaymentStatuses.Completed));
        Assert.Multiple(async () =>
        {
            Assert.That(killedWhile, Has.Some.Not.EqualTo(PaymentStatuses.Completed), "the kill landed while payments were still being decided");
            Assert.That(finals.Select(f => f.Timeline.Count(t => t.Status == "completed")), Is.All.EqualTo(1));
            foreach (var payee in payees) Assert.That(await Stack.WalletAsync(payee), Is.EqualTo((350_000L, 0L)));
            foreach (var payer in payers) Assert.That(await Stack.WalletAsync(payer), Is.EqualTo((150_000L, 0L)));
            foreach (var id in ids)
            {
                Assert.That(await Stack.ScalarAsync($"SELECT count(*) FROM ledger.transfers WHERE pending_id = '{id}'"), Is.EqualTo(1));
            }
        });
    }

    private async Task<List<string>> StatusesAsync(List<Guid> ids)
    {
        var statuses = new List<string>();
        foreach (var id in ids) statuses.Add(await Stack.TextAsync($"SELECT status FROM payments.payment_orders WHERE id = '{id}'") ?? "");
        return statuses;
    }

    /// <param name="processOutput">What the payments process printed, shown when the condition never holds.</param>
    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, Func<string> processOutput)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The condition did not hold within {timeout}. The payments process printed:\n{processOutput()}");
            await Task.Delay(5);
        }
    }
}
