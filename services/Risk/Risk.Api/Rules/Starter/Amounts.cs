using System.Globalization;

namespace Jade.Risk.Rules.Starter;

internal static class Amounts
{
    /// <summary>Minor units as a human amount for reason messages: 5000000 → "50,000.00". CNY has two digits.</summary>
    public static string Format(long minor) => (minor / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static bool IsOutgoing(string type) => type is not Screening.TransactionTypes.TopUp;
}
