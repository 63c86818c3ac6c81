using System.Text.RegularExpressions;

namespace Jade.Deploy.Tests.Observability;

/// <summary>
/// The metric names a PromQL expression selects. Enough of the grammar for alert rules: strings, label matchers,
/// ranges and grouping clauses are cut away first; what remains that is an identifier, not a keyword and not called
/// like a function is a metric name.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",
    };

    public static IReadOnlySet<string> In(string expression)
    {
        var text = Strings().Replace(expression, " ");
        text = Matchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match identifier in Identifier().Matches(text))
        {
            var calledAsFunction = text[(identifier.Index + identifier.Length)..].TrimStart().StartsWith('(');
            if (!calledAsFunction && !Keywords.Contains(identifier.Value)) names.Add(identifier.Value);
        }
        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    // Not preceded by a digit, letter or dot: "1h" after offset, "0.99" and "1e3" are numbers, not names.
    [GeneratedRegex(@"(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
