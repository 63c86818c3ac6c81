using System.Globalization;
using System.Text.RegularExpressions;

namespace Jade.Risk.Sanctions;

/// <summary>Reads OFAC's legacy CSV trio (sdn.csv, alt.csv, add.csv, keyed by ent_num) into entries.</summary>
public static partial class SanctionsListLoader
{
    public static IReadOnlyList<SanctionsEntry> Load(string folder)
    {
        var sdn = Read(Path.Combine(folder, "sdn.csv"));
        var aliases = Read(Path.Combine(folder, "alt.csv")).Where(r => r.Length >= 4 && r[3] is not null)
            .ToLookup(r => Key(r[0]));
        var addresses = Read(Path.Combine(folder, "add.csv")).Where(r => r.Length >= 5).ToLookup(r => Key(r[0]));

        var entries = new List<SanctionsEntry>(sdn.Count);
        foreach (var row in sdn)
        {
            if (row.Length < 12 || row[1] is null || !int.TryParse(row[0], CultureInfo.InvariantCulture, out var entNum)) continue;
            var type = row[2]?.ToLowerInvariant() ?? SanctionsEntry.Entity;
            var individual = type == SanctionsEntry.Individual;
            var names = new List<SanctionsName> { new(row[1]!, SanctionsName.Primary, NameNormalizer.Normalize(row[1]!, individual)) };
            names.AddRange(aliases[entNum].Select(a => new SanctionsName(a[3]!, a[2] ?? "aka", NameNormalizer.Normalize(a[3]!, individual))));

            var remarks = row[11] ?? "";
            var countries = new HashSet<string>(StringComparer.Ordinal);
            foreach (var code in addresses[entNum].Select(a => Countries.FromOfacName(a[4])).OfType<string>()) countries.Add(code);
            foreach (var code in Nationalities(remarks).Select(Countries.FromOfacName).OfType<string>()) countries.Add(code);

            entries.Add(new SanctionsEntry(entNum, row[1]!, type, Programs(row[3]), names, BirthDates(remarks), countries));
        }
        return entries;
    }

    /// <summary>"SDGT] [IFSR" (OFAC's way of listing several) → ["SDGT", "IFSR"].</summary>
    internal static IReadOnlyList<string> Programs(string? field) =>
        field is null ? [] : field.Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static IReadOnlyList<BirthDate> BirthDates(string remarks)
    {
        var dates = new List<BirthDate>();
        foreach (var segment in Segments(remarks))
        {
            if (!segment.StartsWith("DOB ", StringComparison.Ordinal)) continue;
            var text = segment[4..].Trim().TrimEnd('.');
            var years = Year().Matches(text).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            if (years.Count == 0) continue;
            // "circa" is OFAC admitting it does not know the year: give it a little more room.
            var circa = text.StartsWith("circa", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
            DateOnly? exact = DateOnly.TryParseExact(text, ["d MMM yyyy", "dd MMM yyyy"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var day) ? day : null;
            dates.Add(new BirthDate(years.Min() - circa, years.Max() + circa, exact, text));
        }
        return dates;
    }

    internal static IEnumerable<string> Nationalities(string remarks)
    {
        foreach (var segment in Segments(remarks))
        {
            foreach (var prefix in (string[])["nationality ", "citizen "])
            {
                if (segment.StartsWith(prefix, StringComparison.Ordinal)) yield return segment[prefix.Length..].Trim().TrimEnd('.');
            }
        }
    }

    /// <summary>Remarks are "; "-separated facts; "alt. DOB 1966" is as much a fact as "DOB 1965".</summary>
    private static IEnumerable<string> Segments(string remarks) =>
        remarks.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.StartsWith("alt. ", StringComparison.Ordinal) ? s[5..] : s);

    private static List<string?[]> Read(string path)
    {
        using var reader = new StreamReader(path);
        return [.. OfacCsv.ReadRecords(reader)];
    }

    private static int Key(string? field) => int.TryParse(field, CultureInfo.InvariantCulture, out var n) ? n : -1;

    [GeneratedRegex(@"\b(1[89]\d\d|20\d\d)\b")]
    private static partial Regex Year();
}
