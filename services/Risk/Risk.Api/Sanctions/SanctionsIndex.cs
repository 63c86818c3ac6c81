namespace Jade.Risk.Sanctions;

/// <summary>The list held in memory, every primary name and alias broken into interned tokens, plus an inverted
/// index from Soundex code to names so a screen scores a few hundred candidates instead of ~21k names.</summary>
public sealed class SanctionsIndex
{
    /// <param name="SignificantCodes">The Soundex code ids of <paramref name="Significant"/> (−1: a token without letters).</param>
    /// <param name="JoinedHistogram">Letter counts of <paramref name="Joined"/>, for the joined-spelling bound.</param>
    internal sealed record IndexedName(SanctionsEntry Entry, SanctionsName Name, int[] Tokens, int[] Significant, string Joined,
        int[] SignificantCodes, byte[] JoinedHistogram);

    private readonly Dictionary<string, int> _tokenIds = new(StringComparer.Ordinal);
    private readonly List<string> _tokens = [];
    private readonly List<string> _soundex = [];
    private readonly List<int> _soundexIds = [];
    private readonly List<bool> _weak = [];
    private readonly List<byte[]> _histograms = [];
    // Soundex codes as small integers: a screen counts hits per name in an array, not a dictionary keyed by strings.
    private readonly Dictionary<string, int> _codeIds = new(StringComparer.Ordinal);
    private readonly List<List<int>> _codePostings = [];
    private readonly Dictionary<string, List<int>> _joinedPostings = new(StringComparer.Ordinal);
    private readonly List<IndexedName> _names = [];

    [ThreadStatic]
    private static int[]? t_hits;

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
                var joined = string.Concat(significant.Select(Token));
                var codes = significant.Select(t => _soundexIds[t]).ToArray();
                _names.Add(new IndexedName(entry, name, tokens, significant, joined, codes, JaroWinklerBound.Histogram(joined)));
                foreach (var code in codes.Where(c => c >= 0))
                {
                    var postings = _codePostings[code];
                    if (postings.Count == 0 || postings[^1] != id) postings.Add(id);
                }
                // Written as one word, so a query that splits or joins words differently still finds the name.
                Post(_joinedPostings, Soundex.Encode(joined), id);
            }
        }
    }

    public IReadOnlyList<SanctionsEntry> Entries { get; }

    public int NameCount => _names.Count;

    internal IReadOnlyList<IndexedName> Names => _names;

    internal string Token(int id) => _tokens[id];

    internal string TokenSoundex(int id) => _soundex[id];

    internal byte[] TokenHistogram(int id) => _histograms[id];

    /// <summary>A particle, legal form or initial (<see cref="NameNormalizer.IsWeak"/>), decided once per token.</summary>
    internal bool IsWeakToken(int id) => _weak[id];

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
        // Codes the list does not use cannot hit, but they still count in the query's share below.
        Span<int> known = stackalloc int[codes.Count];
        var knownCount = 0;
        foreach (var code in codes) if (_codeIds.TryGetValue(code, out var codeId)) known[knownCount++] = codeId;
        known = known[..knownCount];

        var candidates = new HashSet<int>();
        // Hit counts per name id in a per-thread array that is left all zeros after every use.
        var hits = t_hits is { } buffer && buffer.Length >= _names.Count ? buffer : t_hits = new int[_names.Count];
        var touched = new List<int>();
        try
        {
            foreach (var code in known)
            {
                foreach (var id in _codePostings[code])
                {
                    if (hits[id]++ == 0) touched.Add(id);
                }
            }
            foreach (var id in touched)
            {
                var listed = _names[id].SignificantCodes;
                var listedHits = 0;
                foreach (var code in listed) if (code >= 0 && known.Contains(code)) listedHits++;
                if ((double)hits[id] / codes.Count + (double)listedHits / listed.Length >= 1) candidates.Add(id);
            }
        }
        finally
        {
            foreach (var id in touched) hits[id] = 0;
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
        var code = Soundex.Encode(token);
        _soundex.Add(code);
        _soundexIds.Add(code.Length == 0 ? -1 : CodeId(code));
        _weak.Add(NameNormalizer.IsWeak(token));
        _histograms.Add(JaroWinklerBound.Histogram(token));
        return id;
    }

    private int CodeId(string code)
    {
        if (_codeIds.TryGetValue(code, out var id)) return id;
        id = _codePostings.Count;
        _codeIds[code] = id;
        _codePostings.Add([]);
        return id;
    }
}
