using System.Collections.Frozen;
using System.Text;
using Jade.Ledger.Domain.Accounts;
using Jade.Ledger.Domain.Transfers;

namespace Jade.Ledger.Domain.Results;

/// <summary>Wire names of results: TigerBeetle's snake_case names, except that success reads <c>created</c>.</summary>
public static class ResultNames
{
    private static readonly FrozenDictionary<CreateAccountResult, string> AccountNames = Build<CreateAccountResult>();
    private static readonly FrozenDictionary<CreateTransferResult, string> TransferNames = Build<CreateTransferResult>();

    public static string ToSnakeCase(this CreateAccountResult result) => AccountNames[result];

    public static string ToSnakeCase(this CreateTransferResult result) => TransferNames[result];

    private static FrozenDictionary<T, string> Build<T>() where T : struct, Enum =>
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => v.ToString() == "Ok" ? "created" : Snake(v.ToString()));

    internal static string Snake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
