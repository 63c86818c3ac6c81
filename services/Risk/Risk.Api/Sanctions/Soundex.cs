namespace Jade.Risk.Sanctions;

/// <summary>American Soundex (letter + three digits, H/W transparent, vowels separate repeats). Written here
/// because SimMetrics.Net only exposes Soundex as a similarity, and the index needs the code itself as a key.</summary>
public static class Soundex
{
    //                                    ABCDEFGHIJKLMNOPQRSTUVWXYZ
    private const string Codes = "01230120022455012623010202";

    public static string Encode(string token)
    {
        Span<char> code = ['0', '0', '0', '0'];
        var length = 0;
        var previous = '\0';
        foreach (var c in token)
        {
            if (c is < 'A' or > 'Z') continue;
            var digit = Codes[c - 'A'];
            if (length == 0) { code[length++] = c; previous = digit; continue; }
            if (c is 'H' or 'W') continue;
            if (digit != '0' && digit != previous) code[length++] = digit;
            previous = digit;
            if (length == 4) break;
        }
        return length == 0 ? "" : new string(code);
    }
}
