using System.Text;
using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Transfers;

namespace Jade.Ledger;

/// <summary>Wire names of account and transfer flags: the enum names in snake_case.</summary>
public static class FlagNames
{
    private static readonly Dictionary<string, AccountFlags> AccountByName = Names<AccountFlags>();
    private static readonly Dictionary<string, TransferFlags> TransferByName = Names<TransferFlags>();

    public static bool TryParseAccount(IEnumerable<string>? names, out AccountFlags flags, out string? unknown) =>
        TryParse(AccountByName, names, out flags, out unknown);

    public static bool TryParseTransfer(IEnumerable<string>? names, out TransferFlags flags, out string? unknown) =>
        TryParse(TransferByName, names, out flags, out unknown);

    public static IReadOnlyList<string> Of(AccountFlags flags) =>
        [.. AccountByName.Where(p => (flags & p.Value) == p.Value).Select(p => p.Key)];

    public static IReadOnlyList<string> Of(TransferFlags flags) =>
        [.. TransferByName.Where(p => (flags & p.Value) == p.Value).Select(p => p.Key)];

    private static bool TryParse<T>(Dictionary<string, T> byName, IEnumerable<string>? names, out T flags, out string? unknown)
        where T : struct, Enum
    {
        ulong bits = 0;
        unknown = null;
        foreach (var name in names ?? [])
        {
            if (name is null || !byName.TryGetValue(name, out var flag))
            {
                unknown = name ?? "null";
                flags = default;
                return false;
            }
            bits |= Convert.ToUInt64(flag, System.Globalization.CultureInfo.InvariantCulture);
        }
        flags = (T)Enum.ToObject(typeof(T), bits);
        return true;
    }

    private static Dictionary<string, T> Names<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture) != 0)
            .ToDictionary(v => Snake(v.ToString()), v => v, StringComparer.Ordinal);

    private static string Snake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}
