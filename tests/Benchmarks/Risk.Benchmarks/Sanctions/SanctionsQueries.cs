using Jade.Risk.Sanctions;

namespace Jade.Risk.Benchmarks.Sanctions;

/// <summary>A name to screen, what kind of query it is, and the entry it was made from (null: not listed).</summary>
public sealed record SanctionsQuery(string Name, string Kind, int? ExpectedEntNum);

/// <summary>
/// The query mix: listed names as printed, misspelt (one letter substituted, dropped, doubled or two swapped in one
/// token), with their parts reordered, aliases (aka/fka), and common names that are not listed — what a wallet's
/// payees mostly are. Seeded, so every run screens the same queries.
/// </summary>
public static class SanctionsQueries
{
    public const string NotListed = "common, not listed";

    private static readonly string[] First =
    [
        "Wei", "Fang", "Jing", "Min", "Lei", "Hui", "Xiaoming", "Yan", "John", "Mary", "James", "Maria", "David", "Anna",
        "Michael", "Sarah", "Peter", "Laura", "Thomas", "Elena", "Carlos", "Sofia", "Hiroshi", "Yuki", "Priya", "Rahul",
        "Olga", "Ivan", "Fatima", "Omar", "Chloe", "Lucas", "Emma", "Noah", "Minh", "Siti",
    ];

    private static readonly string[] Last =
    [
        "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhou", "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller",
        "Davis", "Martinez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Muller", "Schmidt",
        "Rossi", "Bianchi", "Dubois", "Tanaka", "Suzuki", "Kim", "Park", "Nguyen", "Sharma", "Patel", "Ivanova", "Novak",
    ];

    public static List<SanctionsQuery> Generate(SanctionsIndex index, int count, int seed)
    {
        var random = new Random(seed);
        var entries = index.Entries;
        var queries = new List<SanctionsQuery>(count);
        while (queries.Count < count)
        {
            var roll = random.NextDouble();
            if (roll < 0.30)
            {
                queries.Add(new SanctionsQuery($"{First[random.Next(First.Length)]} {Last[random.Next(Last.Length)]}", NotListed, null));
                continue;
            }
            var entry = entries[random.Next(entries.Count)];
            var primary = entry.Names[0];
            var tokens = primary.Normalized.Tokens;
            if (tokens.Count == 0) continue;
            var query = roll switch
            {
                < 0.45 => new SanctionsQuery(primary.Text, "listed, as printed", entry.EntNum),
                < 0.70 => Misspelt(random, tokens) is { } misspelt ? new SanctionsQuery(misspelt, "listed, misspelt", entry.EntNum) : null,
                < 0.85 => tokens.Count > 1 ? new SanctionsQuery(string.Join(' ', Shuffled(random, tokens)), "listed, parts reordered", entry.EntNum) : null,
                _ => entry.Names.Count > 1 ? new SanctionsQuery(entry.Names[1 + random.Next(entry.Names.Count - 1)].Text, "listed, alias", entry.EntNum) : null,
            };
            if (query is not null) queries.Add(query);
        }
        return queries;
    }

    /// <summary>One edit in the longest token, as a typist makes it; null when no token is long enough to misspell.</summary>
    private static string? Misspelt(Random random, IReadOnlyList<string> tokens)
    {
        var target = tokens.Select((t, i) => (t, i)).MaxBy(x => x.t.Length);
        if (target.t.Length < 4) return null;
        var chars = target.t.ToList();
        var at = 1 + random.Next(chars.Count - 2);
        switch (random.Next(4))
        {
            case 0: chars[at] = (char)('A' + random.Next(26)); break;
            case 1: chars.RemoveAt(at); break;
            case 2: chars.Insert(at, chars[at]); break;
            default: (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); break;
        }
        var copy = tokens.ToArray();
        copy[target.i] = new string([.. chars]);
        return string.Join(' ', copy);
    }

    private static string[] Shuffled(Random random, IReadOnlyList<string> tokens)
    {
        var copy = tokens.ToArray();
        // A rotation never leaves the order as it was, unlike a random shuffle of two tokens.
        var by = 1 + random.Next(copy.Length - 1);
        return [.. copy.Skip(by), .. copy.Take(by)];
    }
}
