using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Ledger.Accounts;
using Jade.Ledger.Balances;
using Jade.Ledger.Transfers;
using static Jade.Ledger.Api.Tests.LedgerCalls;

namespace Jade.Ledger.Api.Tests;

public sealed class BalanceTests : LedgerFixture
{
    private sealed record PointInTime(
        Guid AccountId, long AsOf, long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted, long AvailableBalance);

    private static readonly PointInTime Zero = new(Guid.Empty, 0, 0, 0, 0, 0, 0);

    [Test]
    public async Task Balances_as_of_each_transfer_match_the_account_right_after_it()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(0);
        var (hold, partlyPosted, voided) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        object[] steps =
        [
            Move(Guid.CreateVersion7(), settlement, wallet, 1_000),
            Move(Guid.CreateVersion7(), wallet, settlement, 200),
            Move(hold, wallet, settlement, 300, "pending"),
            new { id = partlyPosted, pendingId = hold, amount = 100L, flags = new[] { "post_pending_transfer" } },
            Move(voided, wallet, settlement, 50, "pending"),
            new { id = Guid.CreateVersion7(), pendingId = voided, flags = new[] { "void_pending_transfer" } },
            Move(Guid.CreateVersion7(), wallet, settlement, 70, "pending"),
        ];
        var golden = new List<(long Timestamp, AccountView After)>();
        foreach (var step in steps)
        {
            var result = (await Service.CreateTransfersAsync(step)).Single();
            Assert.That(result.Status, Is.EqualTo("created"));
            var stored = await Service.GetFromJsonAsync<TransferView>($"/api/ledger/transfers/{result.Id}");
            golden.Add((stored!.Timestamp, await Service.GetAccountAsync(wallet)));
        }

        var postedAt = golden[3].Timestamp;
        var beforePost = await BalancesAsync(Service, wallet, $"{postedAt - 1}");
        var afterPost = await BalancesAsync(Service, wallet, $"{postedAt}");
        var beforeFirst = await BalancesAsync(Service, wallet, $"{golden[0].Timestamp - 1}");
        var now = await BalancesAsync(Service, wallet, null);
        var inAMinute = await BalancesAsync(Service, wallet, DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"));
        var inTheYear2000 = await BalancesAsync(Service, wallet, "2000-01-01T08:00:00+08:00");
        Assert.Multiple(async () =>
        {
            foreach (var (timestamp, after) in golden)
            {
                Assert.That(await BalancesAsync(Service, wallet, $"{timestamp}"), Is.EqualTo(Expected(wallet, timestamp, after)), $"as of {timestamp}");
            }
            Assert.That(beforeFirst, Is.EqualTo(Zero with { AccountId = wallet, AsOf = golden[0].Timestamp - 1 }));
            Assert.That((beforePost.DebitsPending, beforePost.DebitsPosted), Is.EqualTo((300L, 200L)), "held before its post");
            Assert.That((afterPost.DebitsPending, afterPost.DebitsPosted), Is.EqualTo((0L, 300L)), "posted (100 of 300) after");
            Assert.That(now with { AsOf = 0 }, Is.EqualTo(Expected(wallet, 0, golden[^1].After)));
            Assert.That(now.AsOf, Is.GreaterThanOrEqualTo(golden[^1].Timestamp));
            Assert.That(inAMinute with { AsOf = 0 }, Is.EqualTo(now with { AsOf = 0 }));
            Assert.That(inTheYear2000 with { AsOf = 0 }, Is.EqualTo(Zero with { AccountId = wallet }));
            Assert.That(inTheYear2000.AsOf, Is.EqualTo(946_684_800_000_000_000));
        });
    }

    [Test]
    public async Task An_expired_hold_shows_released_from_its_expiry_though_nothing_touched_the_account()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(100);
        var hold = Guid.CreateVersion7();
        Assert.That((await Service.CreateTransfersAsync(new
        {
            id = hold, debitAccountId = wallet, creditAccountId = settlement, amount = 80L, currency = LedgerApp.Cny, code = 1,
            flags = new[] { "pending" }, timeoutSeconds = 1L,
        })).Single().Status, Is.EqualTo("created"));
        var placedAt = (await Service.GetFromJsonAsync<TransferView>($"/api/ledger/transfers/{hold}"))!.Timestamp;
        const long second = 1_000_000_000;
        await Task.Delay(TimeSpan.FromMilliseconds(1_500));

        var now = await BalancesAsync(Service, wallet, null);
        var placed = await BalancesAsync(Service, wallet, $"{placedAt}");
        var lastHeldInstant = await BalancesAsync(Service, wallet, $"{placedAt + second - 1}");
        var expired = await BalancesAsync(Service, wallet, $"{placedAt + second}");
        Assert.Multiple(() =>
        {
            Assert.That((now.DebitsPending, now.AvailableBalance), Is.EqualTo((0L, 100L)));
            Assert.That((placed.DebitsPending, placed.AvailableBalance), Is.EqualTo((80L, 20L)));
            Assert.That(lastHeldInstant.DebitsPending, Is.EqualTo(80));
            Assert.That((expired.DebitsPending, expired.DebitsPosted, expired.AvailableBalance), Is.EqualTo((0L, 0L, 100L)));
        });
    }

    [Test]
    public async Task An_account_without_history_is_a_bad_request_naming_asOf()
    {
        var (settlement, _, _) = await Service.FundedWalletAsync(10);
        var response = await Service.GetAsync($"/api/ledger/accounts/{settlement}/balances");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty("asOf", out _), Is.True, problem.ToString());
        });
    }

    [TestCase("yesterday")]
    [TestCase("2026-11-26T04:00:00")]
    [TestCase("2026-11-26")]
    [TestCase("-5")]
    [TestCase("1.5")]
    [TestCase("99999999999999999999")]
    [TestCase("3000-01-01T00:00:00Z")]
    public async Task An_unreadable_asOf_is_a_bad_request(string asOf)
    {
        var (_, wallet, _) = await Service.FundedWalletAsync(10);
        var response = await Service.GetAsync($"/api/ledger/accounts/{wallet}/balances?asOf={Uri.EscapeDataString(asOf)}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty("asOf", out _), Is.True, problem.ToString());
        });
    }

    [TestCase("2026-11-26T04:00:00Z", 1_795_665_600_000_000_000)]
    [TestCase("2026-11-26T12:00:00+08:00", 1_795_665_600_000_000_000)]
    [TestCase("2026-11-26T04:00:00.1234567Z", 1_795_665_600_123_456_700)]
    [TestCase("2026-11-26T04:00Z", 1_795_665_600_000_000_000)]
    [TestCase("1795665600000000001", 1_795_665_600_000_000_001)]
    [TestCase("0", 0)]
    public void AsOf_reads_instants_and_ledger_timestamps(string text, long nanos)
    {
        Assert.That(AsOf.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(nanos));
    }

    [Test]
    public async Task A_customer_reads_the_history_of_their_own_accounts_only()
    {
        var (_, own, owner) = await Service.FundedWalletAsync(40);
        var (_, other, _) = await Service.FundedWalletAsync(60);
        using var customer = App.CustomerClient(owner);

        var mine = await customer.GetAsync($"/api/ledger/accounts/{own}/balances");
        var theirs = await customer.GetAsync($"/api/ledger/accounts/{other}/balances");
        var unknown = await customer.GetAsync($"/api/ledger/accounts/{Guid.CreateVersion7()}/balances");
        var anonymous = await App.CreateClient().GetAsync($"/api/ledger/accounts/{own}/balances");
        Assert.Multiple(async () =>
        {
            Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await mine.Content.ReadFromJsonAsync<PointInTime>())!.AvailableBalance, Is.EqualTo(40));
            Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    private static PointInTime Expected(Guid account, long asOf, AccountView a) =>
        new(account, asOf, a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted, a.AvailableBalance);

    private static async Task<PointInTime> BalancesAsync(HttpClient client, Guid account, string? asOf)
    {
        var query = asOf is null ? "" : $"?asOf={Uri.EscapeDataString(asOf)}";
        var response = await client.GetAsync($"/api/ledger/accounts/{account}/balances{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PointInTime>())!;
    }
}
