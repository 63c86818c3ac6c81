using System.Net;
using System.Net.Http.Json;
using Jade.Ledger.Transfers;
using static Jade.Ledger.Api.Tests.LedgerCalls;

namespace Jade.Ledger.Api.Tests;

public sealed class TransferApiTests : LedgerFixture
{
    [Test]
    public async Task Accounts_and_transfers_created_through_the_api_show_in_the_balances()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(10_000);
        var fee = Guid.CreateVersion7();
        await Service.CreateAccountsAsync(new { id = fee, currency = "CNY", code = 400, flags = new[] { "debits_must_not_exceed_credits" } });

        var results = await Service.CreateTransfersAsync(Move(Guid.CreateVersion7(), wallet, fee, 250));

        var walletView = await Service.GetAccountAsync(wallet);
        var settlementView = await Service.GetAccountAsync(settlement);
        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Status, Is.EqualTo("created"));
            Assert.That(walletView.CreditsPosted, Is.EqualTo(10_000));
            Assert.That(walletView.DebitsPosted, Is.EqualTo(250));
            Assert.That(walletView.AvailableBalance, Is.EqualTo(9_750));
            Assert.That(walletView.Flags, Is.EquivalentTo(new[] { "debits_must_not_exceed_credits", "history" }));
            Assert.That(walletView.Code, Is.EqualTo(100));
            Assert.That(settlementView.DebitsPosted, Is.EqualTo(10_000));
        });
    }

    [Test]
    public async Task Retrying_a_transfer_answers_exists_and_moves_nothing_twice()
    {
        var (_, wallet, _) = await Service.FundedWalletAsync(1_000);
        var other = Guid.CreateVersion7();
        await Service.CreateAccountsAsync(Settlement(other));
        var transfer = new
        {
            id = Guid.CreateVersion7(), debitAccountId = wallet, creditAccountId = other, amount = 100L, currency = "CNY", code = 1,
            flags = Array.Empty<string>(), metadata = new { orderId = "A-1", lines = new[] { 1, 2 } },
        };

        var first = await Service.CreateTransfersAsync(transfer);
        var second = await Service.CreateTransfersAsync(transfer);
        var account = await Service.GetAccountAsync(wallet);
        var stored = await Service.GetFromJsonAsync<TransferView>($"/api/ledger/transfers/{transfer.id}");
        Assert.Multiple(() =>
        {
            Assert.That(first.Single().Status, Is.EqualTo("created"));
            Assert.That(second.Single().Status, Is.EqualTo("exists"));
            Assert.That(account.DebitsPosted, Is.EqualTo(100));
            Assert.That(stored!.Amount, Is.EqualTo(100));
            Assert.That(stored.Metadata!.Value.GetProperty("orderId").GetString(), Is.EqualTo("A-1"));
        });

        var accountAgain = await Service.CreateAccountsAsync(Settlement(other));
        Assert.That(accountAgain.Single().Status, Is.EqualTo("exists"));
    }

    [Test]
    public async Task An_overdraft_on_a_wallet_is_refused_and_leaves_the_balances_unchanged()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(500);
        var before = await App.RawBalancesAsync(wallet);
        var id = Guid.CreateVersion7();

        var results = await Service.CreateTransfersAsync(Move(id, wallet, settlement, 501));
        var retry = await Service.CreateTransfersAsync(Move(id, wallet, settlement, 501));

        var after = await App.RawBalancesAsync(wallet);
        var lookup = await Service.GetAsync($"/api/ledger/transfers/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Status, Is.EqualTo("exceeds_credits"));
            Assert.That(retry.Single().Status, Is.EqualTo("id_already_failed"));
            Assert.That(after, Is.EqualTo(before));
            Assert.That(lookup.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a failed item is never returned");
        });
    }

    [Test]
    public async Task A_hold_posted_partially_releases_the_rest()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(1_000);
        var hold = Guid.CreateVersion7();
        var placed = await Service.CreateTransfersAsync(Move(hold, wallet, settlement, 300, "pending"));
        var held = await Service.GetAccountAsync(wallet);
        var post = await Service.CreateTransfersAsync(new { id = Guid.CreateVersion7(), pendingId = hold, amount = 200L, flags = new[] { "post_pending_transfer" } });
        var posted = await Service.GetAccountAsync(wallet);
        Assert.Multiple(() =>
        {
            Assert.That(placed.Single().Status, Is.EqualTo("created"));
            Assert.That(held.DebitsPending, Is.EqualTo(300));
            Assert.That(held.AvailableBalance, Is.EqualTo(700));
            Assert.That(post.Single().Status, Is.EqualTo("created"));
            Assert.That(posted.DebitsPending, Is.Zero);
            Assert.That(posted.DebitsPosted, Is.EqualTo(200));
            Assert.That(posted.AvailableBalance, Is.EqualTo(800));
        });
    }

    [Test]
    public async Task The_account_history_is_newest_first_and_cursor_paginated()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(1_000);
        for (var i = 1; i <= 4; i++)
        {
            await Service.CreateTransfersAsync(Move(Guid.CreateVersion7(), wallet, settlement, i));
        }

        var first = await Service.GetFromJsonAsync<TransferPage>($"/api/ledger/accounts/{wallet}/transfers?limit=3");
        var second = await Service.GetFromJsonAsync<TransferPage>($"/api/ledger/accounts/{wallet}/transfers?limit=3&cursor={first!.NextCursor}");
        Assert.Multiple(() =>
        {
            Assert.That(first.Items.Select(t => t.Amount), Is.EqualTo(new long[] { 4, 3, 2 }));
            Assert.That(second!.Items.Select(t => t.Amount), Is.EqualTo(new long[] { 1, 1_000 }));
            Assert.That(second.NextCursor, Is.Null);
        });
    }

    [Test]
    public async Task A_failing_member_fails_its_linked_chain_and_the_chain_leaves_no_trace()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(100);
        var before = await App.RawBalancesAsync(wallet);
        var results = await Service.CreateTransfersAsync(
            Move(Guid.CreateVersion7(), wallet, settlement, 60, "linked"),
            Move(Guid.CreateVersion7(), wallet, settlement, 60),
            Move(Guid.CreateVersion7(), wallet, settlement, 30));

        var after = await App.RawBalancesAsync(wallet);
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Status), Is.EqualTo(new[] { "linked_event_failed", "exceeds_credits", "created" }));
            Assert.That(after.DebitsPosted, Is.EqualTo(before.DebitsPosted + 30));
        });
    }

    [Test]
    public async Task An_expired_hold_cannot_be_posted_and_its_amount_is_released()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(100);
        var hold = Guid.CreateVersion7();
        var placed = await Service.CreateTransfersAsync(new
        {
            id = hold, debitAccountId = wallet, creditAccountId = settlement, amount = 80L, currency = "CNY", code = 1,
            flags = new[] { "pending" }, timeoutSeconds = 1L,
        });
        await Task.Delay(TimeSpan.FromMilliseconds(1_500));

        var post = await Service.CreateTransfersAsync(new { id = Guid.CreateVersion7(), pendingId = hold, flags = new[] { "post_pending_transfer" } });
        var spend = await Service.CreateTransfersAsync(Move(Guid.CreateVersion7(), wallet, settlement, 90));
        var after = await App.RawBalancesAsync(wallet);
        Assert.Multiple(() =>
        {
            Assert.That(placed.Single().Status, Is.EqualTo("created"));
            Assert.That(post.Single().Status, Is.EqualTo("pending_transfer_expired"));
            Assert.That(spend.Single().Status, Is.EqualTo("created"));
            Assert.That(after.DebitsPending, Is.Zero);
            Assert.That(after.DebitsPosted, Is.EqualTo(90));
        });
    }
}
