using System.Globalization;
using System.Text;

namespace Jade.Risk.Sanctions;

/// <summary>A name as the matcher sees it: upper-case ASCII tokens, "LAST, First" turned into "First LAST".</summary>
public sealed record NormalizedName(IReadOnlyList<string> Tokens)
{
    public IEnumerable<string> Weak => Tokens.Where(NameNormalizer.IsWeak);
    public string Joined => string.Join(' ', Tokens);
}

public static class NameNormalizer
{
    /// <summary>Legal forms say nothing about who a party is: "X LTD" and "X LLC" are the same target to a screener.</summary>
    public static readonly IReadOnlySet<string> LegalForms = new HashSet<string>(StringComparer.Ordinal)
    {
        "LTD", "LIMITED", "LLC", "LLP", "LP", "INC", "INCORPORATED", "CO", "CORP", "CORPORATION", "COMPANY", "PLC",
        "SA", "SAS", "SARL", "SRL", "SPA", "AG", "KG", "GMBH", "BV", "NV", "AB", "AS", "OY", "PTE", "PTY", "PVT",
        "BHD", "SDN", "JSC", "OJSC", "CJSC", "PJSC", "OAO", "ZAO", "OOO", "PAO", "AO", "TOO", "FZE", "FZCO", "FZC",
        "DMCC", "EST", "ESTABLISHMENT", "CIA", "LTDA", "SAC", "SL", "SC", "SCS", "CV", "RL", "PR", "SPR", "SAPI",
        "GROUP", "HOLDING", "HOLDINGS",
    };

    /// <summary>Articles and name particles: frequent across the list, so agreement on them proves nothing.</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "THE", "OF", "AND", "FOR", "AL", "EL", "DE", "DA", "DO", "DOS", "DAS", "DEL", "DELA", "LA", "LE", "LES",
        "DI", "DU", "VON", "VAN", "DER", "DEN", "BIN", "BINT", "IBN", "Y", "E", "ET", "A",
    };

    /// <summary>Legal forms, particles and single letters (initials, and the pieces of "S.A. DE C.V.").</summary>
    public static bool IsWeak(string token) => token.Length == 1 || LegalForms.Contains(token) || StopWords.Contains(token);

    /// <param name="lastFirst">The raw name is in OFAC's "LAST, First" form (individuals on the list).</param>
    public static NormalizedName Normalize(string raw, bool lastFirst = false)
    {
        var comma = raw.IndexOf(',', StringComparison.Ordinal);
        if (lastFirst && comma > 0) raw = raw[(comma + 1)..] + " " + raw[..comma];
        return new NormalizedName(Tokenize(raw));
    }

    private static List<string> Tokenize(string raw)
    {
        var text = new StringBuilder(raw.Length);
        foreach (var c in raw.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var upper = char.ToUpperInvariant(c);
            // Letters FormD does not decompose; an apostrophe joins (O'BRIEN = OBRIEN); other punctuation separates.
            switch (upper)
            {
                case >= 'A' and <= 'Z' or >= '0' and <= '9': text.Append(upper); break;
                case '\'' or '\u2019' or '`': break;
                case 'ß': text.Append("SS"); break;
                case 'Æ': text.Append("AE"); break;
                case 'Œ': text.Append("OE"); break;
                case 'Ø': text.Append('O'); break;
                case 'Ł': text.Append('L'); break;
                case 'Đ' or 'Ð': text.Append('D'); break;
                case 'Þ': text.Append("TH"); break;
                default: text.Append(' '); break;
            }
        }
        return [.. text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }
}
