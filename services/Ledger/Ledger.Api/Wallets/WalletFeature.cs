using Jade.Contracts.Identity;
using Jade.Contracts.Ledger;
using Jade.Ledger.Accounts;
using Jade.Ledger.Domain.Chart;
using Jade.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Jade.Ledger.Wallets;

public static class WalletFeature
{
    public const string WalletCurrency = LedgerAccounts.WalletCurrency;

    public static IServiceCollection AddWalletFeature(this IServiceCollection services) =>
        services.AddMessageHandler<UserRegistered, OpenCustomerWallet>();

    public static Guid WalletId(Guid userId) => LedgerAccounts.Wallet(userId);
}

/// <summary>Opens the customer's CNY wallet. Runs inside the inbox transaction, so a redelivery adds nothing; the
/// deterministic id makes a second registration event for the same user a no-op as well.</summary>
internal sealed class OpenCustomerWallet(LedgerDb db, TimeProvider time) : IMessageHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered message, MessageContext context, CancellationToken cancellationToken)
    {
        var id = WalletFeature.WalletId(message.UserId);
        if (await db.Accounts.AnyAsync(a => a.Id == id, cancellationToken)) return;
        var wallet = ChartOfAccounts.NewAccount(ChartOfAccounts.CustomerWallet, id, WalletFeature.WalletCurrency, message.UserId);
        db.Accounts.Add(new AccountRow
        {
            Id = wallet.Id,
            Currency = wallet.Currency,
            Code = wallet.Code,
            OwnerId = wallet.OwnerId,
            Flags = (int)wallet.Flags,
            Timestamp = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100,
        });
    }
}
