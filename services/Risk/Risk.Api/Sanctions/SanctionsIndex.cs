namespace Jade.Risk.Sanctions;

/// <summary>The list held in memory, every primary name and alias broken into interned tokens, plus an inverted
/// index from Soundex code to names so a screen scores a few hundred candidates instead of ~21k names.</summary>
public sealed class SanctionsIndex
{
    internal sealed record IndexedName(SanctionsEntry Entry, SanctionsName Name, int[] Tokens, int[] Significant, string Joined);

    private readonly Dictionary<string, int> _tokenIds = new(StringComparer.Ordinal);
    private readonly List<string> _tokens = [];
    private readonly List<string> _soundex = [];
    private readonly List<byte[]> _histograms = [];
    private readonly Dictionary<string, List<int>> _tokenPostings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _joinedPostings = new(StringComparer.Ordinal);
    private readonly List<IndexedName> _names = [];

    public SanctionsIndex(IReadOnlyList<SanctionsEntry> entries)
    {
        Entries = entries;
        foreach (var entry in entries)
        {
            foreach (var name in entry.Names)
            {
                var tokens = name.Normalized.Tokens.Select(Intern).ToArray();
                if (tokens.Length == 0) continue;
                var significant = Significant(name.Normalized.Tokens).Select(Intern).ToArray();
                var id = _names.Count;
                _names.Add(new IndexedName(entry, name, tokens, significant, string.Concat(significant.Select(Token))));
                foreach (var code in significant.Select(TokenSoundex)) Post(_tokenPostings, code, id);
                // Written as one word, so a query that splits or joins words differently still finds the name.
                Post(_joinedPostings, Soundex.Encode(string.Concat(significant.Select(Token))), id);
            }
        }
    }

    public IReadOnlyList<SanctionsEntry> Entries { get; }

    public int NameCount => _names.Count;

    internal IReadOnlyList<IndexedName> Names => _names;

    internal string Token(int id) => _tokens[id];

    internal string TokenSoundex(int id) => _soundex[id];

    internal byte[] TokenHistogram(int id) => _histograms[id];

    /// <summary>
    /// Names worth the cost of Jaro-Winkler (~0.7 µs a token pair): those whose significant tokens sound like at least
    /// half of the query's and make up at least half of their own (by Soundex, on average over both sides), plus those
    /// that sound like the query written as one word ("AERO CARIBBEAN" against "AEROCARIBBEAN"). A name that agrees
    /// with the query on fewer sounds cannot usually reach a screening line of 0.8+; the trade-off is a miss when
    /// most tokens are misspelt in their first letter or their consonant class.
    /// </summary>
    internal HashSet<int> Candidates(IReadOnlyList<string> significantQueryTokens)
    {
        var codes = significantQueryTokens.Select(Soundex.Encode).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        var hits = new Dictionary<int, int>();
        foreach (var code in codes)
        {
            if (!_tokenPostings.TryGetValue(code, out var list)) continue;
            foreach (var id in list) hits[id] = hits.GetValueOrDefault(id) + 1;
        }
        var candidates = new HashSet<int>();
        foreach (var (id, queryHits) in hits)
        {
            var listed = _names[id].Significant;
            var listedHits = 0;
            foreach (var token in listed) if (codes.Contains(_soundex[token])) listedHits++;
            if ((double)queryHits / codes.Count + (double)listedHits / listed.Length >= 1) candidates.Add(id);
        }
        if (significantQueryTokens.Count > 1 && _joinedPostings.TryGetValue(Soundex.Encode(string.Concat(significantQueryTokens)), out var joined))
            candidates.UnionWith(joined);
        return candidates;
    }

    /// <summary>Tokens that identify a party; when a name is nothing but particles and legal forms, all of them.</summary>
    internal static IReadOnlyList<string> Significant(IReadOnlyList<string> tokens)
    {
        var strong = tokens.Where(t => !NameNormalizer.IsWeak(t)).ToList();
        return strong.Count > 0 ? strong : tokens;
    }

    private static void Post(Dictionary<string, List<int>> postings, string code, int id)
    {
        // Tokens without letters (numbers in vessel and company names) have no code: they cannot be a key.
        if (code.Length == 0) return;
        if (!postings.TryGetValue(code, out var list)) postings[code] = list = [];
        if (list.Count == 0 || list[^1] != id) list.Add(id);
    }

    private int Intern(string token)
    {
        if (_tokenIds.TryGetValue(token, out var id)) return id;
        id = _tokens.Count;
        _tokenIds[token] = id;
        _tokens.Add(token);
        _soundex.Add(Soundex.Encode(token));
        _histograms.Add(JaroWinklerBound.Histogram(token));
        return id;
    }
}
