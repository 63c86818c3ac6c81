using System.Globalization;
using System.Text;

namespace Jade.Risk.Credit;

/// <summary>One <c>@attribute</c>: nominal when it lists its values, numeric otherwise.</summary>
public sealed record ArffAttribute(string Name, IReadOnlyList<string>? NominalValues)
{
    public bool IsNumeric => NominalValues is null;
}

/// <summary>An ARFF file as text: rows hold the unquoted values, null where the file says <c>?</c>.</summary>
public sealed record ArffDocument(string Relation, IReadOnlyList<ArffAttribute> Attributes, IReadOnlyList<string?[]> Rows)
{
    public int IndexOf(string attribute)
    {
        for (var i = 0; i < Attributes.Count; i++)
        {
            if (string.Equals(Attributes[i].Name, attribute, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new KeyNotFoundException($"The ARFF relation '{Relation}' has no attribute '{attribute}'.");
    }
}

/// <summary>
/// Reads the dense subset of Weka's ARFF that the UCI files use: <c>%</c> comments, quoted names and values,
/// nominal and numeric attributes, <c>?</c> for missing. Sparse rows, dates and strings are refused rather than
/// misread. Values are checked against their declaration so a corrupt file fails at load, not at scoring.
/// </summary>
public static class ArffReader
{
    public static ArffDocument Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader);
    }

    public static ArffDocument Parse(TextReader reader)
    {
        var relation = "";
        var attributes = new List<ArffAttribute>();
        var rows = new List<string?[]>();
        var inData = false;
        var lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '%') continue;
            if (!inData)
            {
                if (StartsWithKeyword(line, "@relation")) relation = Unquote(line[9..].Trim());
                else if (StartsWithKeyword(line, "@attribute")) attributes.Add(ParseAttribute(line[10..].Trim(), lineNumber));
                else if (StartsWithKeyword(line, "@data")) inData = true;
                else throw Error(lineNumber, $"unexpected header line '{line}'");
                continue;
            }
            if (line[0] == '{') throw Error(lineNumber, "sparse rows are not supported");
            var values = SplitValues(line, lineNumber);
            if (values.Count != attributes.Count)
                throw Error(lineNumber, $"{values.Count} values for {attributes.Count} attributes");
            var row = new string?[values.Count];
            for (var i = 0; i < values.Count; i++) row[i] = Check(attributes[i], values[i], lineNumber);
            rows.Add(row);
        }
        if (!inData) throw Error(lineNumber, "no @data section");
        return new ArffDocument(relation, attributes, rows);
    }

    private static ArffAttribute ParseAttribute(string text, int lineNumber)
    {
        var (name, rest) = TakeName(text, lineNumber);
        rest = rest.Trim();
        if (rest.StartsWith('{'))
        {
            var close = rest.LastIndexOf('}');
            if (close < 0) throw Error(lineNumber, $"attribute '{name}' has an unclosed value list");
            var values = SplitValues(rest[1..close], lineNumber);
            if (values.Any(v => v is null)) throw Error(lineNumber, $"attribute '{name}' declares '?' as a value");
            return new ArffAttribute(name, values.Select(v => v!).ToArray());
        }
        var type = rest.ToLowerInvariant();
        if (type is "numeric" or "real" or "integer") return new ArffAttribute(name, null);
        throw Error(lineNumber, $"attribute '{name}' has unsupported type '{rest}'");
    }

    private static (string Name, string Remainder) TakeName(string text, int lineNumber)
    {
        if (text.Length > 0 && text[0] is '\'' or '"')
        {
            var close = text.IndexOf(text[0], 1);
            if (close < 0) throw Error(lineNumber, "unclosed quoted attribute name");
            return (text[1..close], text[(close + 1)..]);
        }
        var space = text.IndexOfAny([' ', '\t']);
        if (space < 0) throw Error(lineNumber, $"attribute '{text}' has no type");
        return (text[..space], text[space..]);
    }

    /// <summary>Comma-separated values; quotes (single or double) protect commas and spaces, backslash escapes.</summary>
    private static List<string?> SplitValues(string text, int lineNumber)
    {
        var values = new List<string?>();
        var current = new StringBuilder();
        char? quote = null;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == '\\' && i + 1 < text.Length) current.Append(text[++i]);
                else if (c == q) quote = null;
                else current.Append(c);
            }
            else if (quoted && c != ',')
            {
                // Only blanks may follow a closing quote before the comma.
                if (!char.IsWhiteSpace(c)) throw Error(lineNumber, $"unexpected '{c}' after a quoted value");
            }
            else if (c is '\'' or '"' && current.ToString().Trim().Length == 0)
            {
                current.Clear();
                quote = c;
                quoted = true;
            }
            else if (c == ',')
            {
                values.Add(Finish(current, quoted));
                current.Clear();
                quoted = false;
            }
            else current.Append(c);
        }
        if (quote is not null) throw Error(lineNumber, "unclosed quote");
        values.Add(Finish(current, quoted));
        return values;
    }

    private static string? Finish(StringBuilder value, bool quoted)
    {
        var text = quoted ? value.ToString() : value.ToString().Trim();
        return !quoted && text == "?" ? null : text;
    }

    private static string? Check(ArffAttribute attribute, string? value, int lineNumber)
    {
        if (value is null) return null;
        if (attribute.IsNumeric)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                throw Error(lineNumber, $"'{value}' is not a number for '{attribute.Name}'");
        }
        else if (!attribute.NominalValues!.Contains(value, StringComparer.Ordinal))
        {
            throw Error(lineNumber, $"'{value}' is not a declared value of '{attribute.Name}'");
        }
        return value;
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0] ? text[1..^1] : text;

    private static bool StartsWithKeyword(string line, string keyword) =>
        line.StartsWith(keyword, StringComparison.OrdinalIgnoreCase) && (line.Length == keyword.Length || char.IsWhiteSpace(line[keyword.Length]));

    private static FormatException Error(int lineNumber, string message) => new($"ARFF line {lineNumber}: {message}.");
}
