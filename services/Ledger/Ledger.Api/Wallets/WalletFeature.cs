using System.Security.Cryptography;
using System.Text;
using Jade.Contracts.Identity;
using Jade.Ledger.Accounts;
using Jade.Ledger.Domain.Chart;
using Jade.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Jade.Ledger.Wallets;

public static class WalletFeature
{
    public const string WalletCurrency = "CNY";

    public static IServiceCollection AddWalletFeature(this IServiceCollection services) =>
        services.AddMessageHandler<UserRegistered, OpenCustomerWallet>();

    /// <summary>
    /// The wallet id is a name-based (UUIDv5-style, SHA-1) hash of the user id and "CNY wallet", so every delivery for
    /// one customer names the same account and a second one cannot open another.
    /// </summary>
    public static Guid WalletId(Guid userId)
    {
        var name = Encoding.UTF8.GetBytes($"{userId:D}/{WalletCurrency} wallet");
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for name-based v5 ids; no security rests on it.
        SHA1.HashData(name, hash);
#pragma warning restore CA5350
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
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
