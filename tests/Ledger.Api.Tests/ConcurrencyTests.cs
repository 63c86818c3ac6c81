using System.Collections.Concurrent;
using static Jade.Ledger.Api.Tests.LedgerCalls;

namespace Jade.Ledger.Api.Tests;

public sealed class ConcurrencyTests : LedgerFixture
{
    [Test]
    public async Task Sixty_four_callers_draining_a_wallet_move_exactly_what_it_holds()
    {
        const int funds = 50_000;
        const int attempts = 50_640;
        var (settlement, wallet, _) = await Service.FundedWalletAsync(funds);
        var statuses = new ConcurrentBag<string>();
        var lowest = long.MaxValue;
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var b = await App.RawBalancesAsync(wallet);
                Interlocked.Exchange(ref lowest, Math.Min(Interlocked.Read(ref lowest), b.CreditsPosted - b.DebitsPosted - b.DebitsPending));
                await Task.Delay(10);
            }
        });

        await Parallel.ForEachAsync(Enumerable.Range(0, attempts), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (_, ct) =>
        {
            var result = await Service.CreateTransfersAsync(Move(Guid.CreateVersion7(), wallet, settlement, 1));
            statuses.Add(result.Single().Status);
        });
        await stop.CancelAsync();
        await watcher;

        var final = await App.RawBalancesAsync(wallet);
        Assert.Multiple(() =>
        {
            Assert.That(statuses.Count(s => s == "created"), Is.EqualTo(funds));
            Assert.That(statuses.Count(s => s == "exceeds_credits"), Is.EqualTo(attempts - funds));
            Assert.That(final.CreditsPosted - final.DebitsPosted, Is.Zero);
            Assert.That(Interlocked.Read(ref lowest), Is.GreaterThanOrEqualTo(0));
        });
    }

    [Test]
    public async Task A_hundred_concurrent_posts_of_one_hold_post_it_once()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(1_000);
        var hold = Guid.CreateVersion7();
        Assert.That((await Service.CreateTransfersAsync(Move(hold, wallet, settlement, 400, "pending"))).Single().Status, Is.EqualTo("created"));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
            (await Service.CreateTransfersAsync(new { id = Guid.CreateVersion7(), pendingId = hold, flags = new[] { "post_pending_transfer" } })).Single().Status));

        var final = await App.RawBalancesAsync(wallet);
        Assert.Multiple(() =>
        {
            Assert.That(statuses.Count(s => s == "created"), Is.EqualTo(1));
            Assert.That(statuses.Where(s => s != "created"), Is.All.EqualTo("pending_transfer_already_posted"));
            Assert.That(final.DebitsPosted, Is.EqualTo(400));
            Assert.That(final.DebitsPending, Is.Zero);
        });
    }

    [Test]
    public async Task Coalesced_requests_keep_their_own_results_and_an_open_chain_fails_alone()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(1_000);
        var singles = Enumerable.Range(0, 40).Select(_ => Guid.CreateVersion7()).ToArray();
        var chain = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };

        var chainCall = Service.CreateTransfersAsync(
            Move(chain[0], wallet, settlement, 5, "linked"), Move(chain[1], wallet, settlement, 5, "linked"));
        var singleCalls = singles.Select(id => Service.CreateTransfersAsync(Move(id, wallet, settlement, 1))).ToArray();
        var pairCall = Service.CreateTransfersAsync(
            Move(Guid.CreateVersion7(), wallet, settlement, 2), Move(Guid.CreateVersion7(), wallet, settlement, 5_000));

        var chainResults = await chainCall;
        var singleResults = await Task.WhenAll(singleCalls);
        var pairResults = await pairCall;
        Assert.Multiple(async () =>
        {
            Assert.That(chainResults.Select(r => r.Status), Is.EqualTo(new[] { "linked_event_failed", "linked_event_chain_open" }));
            Assert.That(singleResults.Select((r, i) => (r.Single().Index, r.Single().Id, r.Single().Status)),
                Is.EqualTo(singles.Select(id => (0, id, "created"))));
            Assert.That(pairResults.Select(r => (r.Index, r.Status)), Is.EqualTo(new[] { (0, "created"), (1, "exceeds_credits") }));
            Assert.That((await App.RawBalancesAsync(wallet)).DebitsPosted, Is.EqualTo(42));
        });
    }
}
