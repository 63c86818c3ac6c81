using System.Globalization;
using System.Text;

namespace Jade.Payments.Orders;

/// <summary>RFC 4180 text with a byte-order mark (so spreadsheets read the Chinese correctly), CRLF line ends.</summary>
public static class PaymentCsv
{
    public static readonly string[] Header =
        ["id", "created_at", "kind", "direction", "status", "amount", "currency", "counterparty", "memo", "failure_reason", "completed_at"];

    public static string Write(IEnumerable<PaymentView> payments)
    {
        var text = new StringBuilder("\uFEFF");
        Line(text, Header);
        foreach (var p in payments)
        {
            var signed = p.Direction == PaymentView.Outgoing ? -p.AmountMinor : p.AmountMinor;
            Line(text, [p.Id.ToString(), Time(p.CreatedAt), p.Kind, p.Direction, p.Status, PaymentRequests.FormatAmount(signed), p.Currency,
                p.Counterparty.MaskedName, p.Memo ?? "", p.FailureReason ?? "", p.CompletedAt is { } done ? Time(done) : ""]);
        }
        return text.ToString();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Cell(cells[i]));
        }
        text.Append("\r\n");
    }

    /// <summary>Quotes where needed, and defuses text a spreadsheet would run as a formula (a memo is the customer's own text).</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' or '\t' or '\r' || (value.StartsWith('-') && !IsNumber(value)))
        {
            value = "'" + value;
        }
        return value.IndexOfAny(['"', ',', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static bool IsNumber(string value) => decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
}
