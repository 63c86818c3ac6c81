namespace Jade.Risk.Sanctions;

/// <summary>One SDN entry with everything screening can qualify on.</summary>
public sealed record SanctionsEntry(
    int EntNum,
    string Name,
    string Type,
    IReadOnlyList<string> Programs,
    IReadOnlyList<SanctionsName> Names,
    IReadOnlyList<BirthDate> BirthDates,
    IReadOnlySet<string> Countries)
{
    public const string Individual = "individual";
    public const string Entity = "entity";

    public bool IsIndividual => Type == Individual;
}

/// <summary>The primary name or an alias (<c>aka</c>, <c>fka</c>, <c>nka</c>) as printed on the list.</summary>
public sealed record SanctionsName(string Text, string Kind, NormalizedName Normalized)
{
    public const string Primary = "primary";
}

/// <summary>A "DOB" remark: an exact day when the list gives one, otherwise the span of years it allows
/// ("DOB 1965", "DOB circa 1965", "DOB 1960 to 1962").</summary>
public sealed record BirthDate(int FromYear, int ToYear, DateOnly? Exact, string Text)
{
    public bool Covers(int year, int slack) => year >= FromYear - slack && year <= ToYear + slack;

    public int DistanceInYears(int year) => year < FromYear ? FromYear - year : year > ToYear ? year - ToYear : 0;
}
