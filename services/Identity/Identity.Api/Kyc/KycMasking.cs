using System.Globalization;
using System.Text;

namespace Jade.Identity.Kyc;

/// <summary>Masked forms of KYC personal data, for API responses and logs: enough to recognise, not enough to use.</summary>
public static class KycMasking
{
    private static readonly char[] Separators = [' ', '·', '-'];

    /// <summary>
    /// <c>张三</c> → <c>张*</c>, <c>张小三</c> → <c>张*三</c>, <c>John Doe</c> → <c>J*** D**</c>: a name of one part keeps its
    /// first and (from three characters) last character; a name of several parts keeps each part's first character.
    /// Separators stay. Works on text elements, so a letter with combining marks counts as one character.
    /// </summary>
    public static string? MaskName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        var parts = Split(name);
        var words = parts.Count(p => !p.IsSeparator);
        var result = new StringBuilder();
        foreach (var (text, isSeparator) in parts)
        {
            if (isSeparator)
            {
                result.Append(text);
                continue;
            }
            var elements = TextElements(text);
            if (words == 1 && elements.Count >= 3)
            {
                result.Append(elements[0]).Append('*', elements.Count - 2).Append(elements[^1]);
            }
            else
            {
                result.Append(elements[0]).Append('*', Math.Max(1, elements.Count - 1));
            }
        }
        return result.ToString();
    }

    /// <summary>
    /// <c>北京市朝阳区建国路 88 号 1 单元 101</c> → <c>北京市朝阳区****</c>: the first third, at most six text elements
    /// (the city and district, seldom the street), then four stars whatever the length.
    /// </summary>
    public static string? MaskAddress(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }
        var elements = TextElements(address);
        return string.Concat(elements.Take(Math.Min(6, elements.Count / 3))).TrimEnd() + "****";
    }

    /// <summary><c>110105194912310029</c> → <c>110***********0029</c>: first 3 and last 4 visible (last 2 for short ids).</summary>
    public static string? MaskNationalId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        return id.Length > 7
            ? id[..3] + new string('*', id.Length - 7) + id[^4..]
            : new string('*', Math.Max(1, id.Length - 2)) + id[^Math.Min(2, id.Length - 1)..];
    }

    private static List<(string Text, bool IsSeparator)> Split(string name)
    {
        var parts = new List<(string, bool)>();
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i == name.Length || Array.IndexOf(Separators, name[i]) >= 0)
            {
                if (i > start)
                {
                    parts.Add((name[start..i], false));
                }
                if (i < name.Length)
                {
                    parts.Add((name[i].ToString(), true));
                }
                start = i + 1;
            }
        }
        return parts;
    }

    private static List<string> TextElements(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }
        return elements;
    }
}
