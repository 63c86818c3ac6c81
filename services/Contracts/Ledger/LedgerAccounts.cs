using System.Security.Cryptography;
using System.Text;

namespace Jade.Contracts.Ledger;

/// <summary>
/// Ledger account ids other services can derive without asking the ledger, and the transfer codes sagas use. v1.
/// </summary>
public static class LedgerAccounts
{
    public const string WalletCurrency = "CNY";

    // Jade's own accounts that sagas name, by chart-of-accounts code (docs/ledger.md); the ledger opens them for CNY.
    public const ushort BankTransferSettlement = 201;
    public const ushort CardSettlement = 202;
    public const ushort PartnerBankSettlement = 203;
    public const ushort OperatingCash = 210;
    public const ushort Suspense = 900;
    public static readonly ushort[] HouseCodes = [BankTransferSettlement, CardSettlement, PartnerBankSettlement, OperatingCash, Suspense];

    // Transfer codes: what kind of business event moved the money.
    public const ushort PeerToPeerCode = 1001;
    public const ushort TopUpCode = 1002;
    public const ushort WithdrawalCode = 1003;
    public const ushort PartnerCreditCode = 1004;
    public const ushort PartnerPayoutCode = 1005;

    /// <summary>One of Jade's own accounts (see <see cref="HouseCodes"/>), in <paramref name="currency"/>.</summary>
    public static Guid House(ushort code, string currency = WalletCurrency) => NameBased($"house/{code}/{currency}");

    /// <summary>
    /// A customer's CNY wallet: a name-based (UUIDv5-style, SHA-1) hash of the user id and "CNY wallet", so every
    /// party that knows the customer names the same account and the ledger can never open a second one.
    /// </summary>
    public static Guid Wallet(Guid userId) => NameBased($"{userId:D}/{WalletCurrency} wallet");

    private static Guid NameBased(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for name-based v5 ids; no security rests on it.
        SHA1.HashData(bytes, hash);
#pragma warning restore CA5350
        var id = hash[..16].ToArray();
        id[6] = (byte)((id[6] & 0x0F) | 0x50);
        id[8] = (byte)((id[8] & 0x3F) | 0x80);
        return new Guid(id, bigEndian: true);
    }
}
