using System.Net;
using System.Net.Http.Json;
using Jade.Ledger.Accounts;
using static Jade.Ledger.Api.Tests.LedgerCalls;

namespace Jade.Ledger.Api.Tests;

public sealed class OwnershipTests : LedgerFixture
{
    [Test]
    public async Task A_customer_reads_only_their_own_accounts()
    {
        var (settlement, walletA, ownerA) = await Service.FundedWalletAsync(700);
        var (_, walletB, _) = await Service.FundedWalletAsync(300);
        var hold = Guid.CreateVersion7();
        await Service.CreateTransfersAsync(Move(hold, walletA, settlement, 200, "pending"));
        using var customer = App.CustomerClient(ownerA);

        var own = await customer.GetAsync($"/api/ledger/accounts/{walletA}");
        var other = await customer.GetAsync($"/api/ledger/accounts/{walletB}");
        var otherHistory = await customer.GetAsync($"/api/ledger/accounts/{walletB}/transfers");
        var settlementRead = await customer.GetAsync($"/api/ledger/accounts/{settlement}");
        var ownHistory = await customer.GetAsync($"/api/ledger/accounts/{walletA}/transfers");
        var ownTransfer = await customer.GetAsync($"/api/ledger/transfers/{hold}");
        var mine = await customer.GetFromJsonAsync<List<AccountView>>("/api/ledger/me/accounts");

        Assert.Multiple(() =>
        {
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherHistory.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(settlementRead.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(ownHistory.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ownTransfer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(mine!.Select(a => a.Id), Is.EqualTo(new[] { walletA }));
            Assert.That(mine![0].AvailableBalance, Is.EqualTo(500));
        });
    }

    [Test]
    public async Task A_customer_cannot_read_another_customers_transfer_or_write()
    {
        var (settlement, walletB, _) = await Service.FundedWalletAsync(300);
        var transfer = Guid.CreateVersion7();
        await Service.CreateTransfersAsync(Move(transfer, walletB, settlement, 10));
        using var customer = App.CustomerClient(Guid.CreateVersion7());

        var read = await customer.GetAsync($"/api/ledger/transfers/{transfer}");
        var write = await customer.PostAsJsonAsync("/api/ledger/transfers", new { transfers = new[] { Move(Guid.CreateVersion7(), walletB, settlement, 1) } });
        Assert.Multiple(() =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }
}
