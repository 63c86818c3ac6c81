using Jade.Contracts.Identity;
using Jade.Ledger.Domain.Chart;
using Jade.Ledger.Wallets;
using Jade.Messaging;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Ledger.Api.Tests;

public sealed class WalletTests : LedgerFixture
{
    [Test]
    public async Task A_registration_delivered_twice_opens_exactly_one_cny_wallet()
    {
        var userId = Guid.CreateVersion7();
        var transport = App.Services.GetRequiredService<IMessageTransport>();
        var message = new OutgoingMessage(Guid.CreateVersion7(), typeof(UserRegistered),
            new UserRegistered(userId, "wang.fang@example.com", "zh-CN", DateTimeOffset.UtcNow), CorrelationId: null);

        await transport.PublishUntilAsync(message, () => WalletsAsync(userId), count => count == 1, TimeSpan.FromSeconds(45));
        await transport.PublishAsync(message, CancellationToken.None);
        // Give the last delivery time to be consumed before counting.
        await Task.Delay(TimeSpan.FromSeconds(2));

        using var customer = App.CustomerClient(userId);
        var wallet = await customer.GetAccountAsync(WalletFeature.WalletId(userId));
        Assert.Multiple(async () =>
        {
            Assert.That(await WalletsAsync(userId), Is.EqualTo(1));
            Assert.That(wallet.Currency, Is.EqualTo("CNY"));
            Assert.That(wallet.Code, Is.EqualTo(ChartOfAccounts.CustomerWallet));
            Assert.That(wallet.OwnerId, Is.EqualTo(userId));
            Assert.That(wallet.Flags, Is.EquivalentTo(new[] { "debits_must_not_exceed_credits", "history" }));
            Assert.That(wallet.AvailableBalance, Is.Zero);
        });
    }

    [Test]
    public async Task A_second_registration_event_for_the_same_user_opens_no_second_wallet()
    {
        var userId = Guid.CreateVersion7();
        var transport = App.Services.GetRequiredService<IMessageTransport>();
        OutgoingMessage Registration() => new(Guid.CreateVersion7(), typeof(UserRegistered),
            new UserRegistered(userId, "li.lei@example.com", "en", DateTimeOffset.UtcNow), CorrelationId: null);
        await transport.PublishUntilAsync(Registration(), () => WalletsAsync(userId), count => count == 1, TimeSpan.FromSeconds(45));
        await transport.PublishAsync(Registration(), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(await WalletsAsync(userId), Is.EqualTo(1));
    }

    private async Task<long> WalletsAsync(Guid userId)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM ledger.accounts WHERE owner_id = @u AND code = @c AND currency = 'CNY'";
        command.Parameters.AddWithValue("u", userId);
        command.Parameters.AddWithValue("c", (int)ChartOfAccounts.CustomerWallet);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
