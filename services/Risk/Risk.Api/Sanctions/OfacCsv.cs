using System.Text;

namespace Jade.Risk.Sanctions;

/// <summary>Reader for OFAC's legacy CSV: RFC 4180 quoting (commas and doubled quotes inside quotes), CRLF lines,
/// a trailing DOS end-of-file byte (0x1A), and <c>-0-</c> (often followed by a space) for an empty field.</summary>
public static class OfacCsv
{
    public const string Empty = "-0-";

    public static IEnumerable<string?[]> ReadRecords(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.TrimEnd('\u001a');
            if (string.IsNullOrWhiteSpace(trimmed)) continue;
            // A quoted field may span lines; keep reading until its quotes balance.
            while (!QuotesBalance(trimmed) && reader.ReadLine() is { } next) trimmed += "\n" + next;
            yield return ParseLine(trimmed);
        }
    }

    /// <summary>Splits one record; fields are trimmed and <c>-0-</c> becomes null.</summary>
    public static string?[] ParseLine(string line)
    {
        var fields = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') { quoted = true; wasQuoted = true; }
            else if (c == ',') { fields.Add(Finish(field, wasQuoted)); field.Clear(); wasQuoted = false; }
            else field.Append(c);
        }
        fields.Add(Finish(field, wasQuoted));
        return [.. fields];
    }

    private static string? Finish(StringBuilder field, bool wasQuoted)
    {
        var text = field.ToString().Trim();
        // A quoted "-0-" would be a literal value; OFAC never writes one, but do not guess.
        return (!wasQuoted && text == Empty) || text.Length == 0 ? null : text;
    }

    private static bool QuotesBalance(string text) => text.Count(c => c == '"') % 2 == 0;
}
