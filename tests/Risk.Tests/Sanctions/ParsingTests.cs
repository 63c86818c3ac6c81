using Jade.Risk.Sanctions;

namespace Jade.Risk.Tests.Sanctions;

public sealed class OfacCsvTests
{
    [Test]
    public void Quoted_fields_keep_their_commas_and_doubled_quotes()
    {
        var fields = OfacCsv.ParseLine("173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"say \"\"hi\"\"\",x");

        Assert.That(fields, Is.EqualTo(new string?[] { "173", "ANGLO-CARIBBEAN CO., LTD.", null, "say \"hi\"", "x" }));
    }

    [Test]
    public void Dash_zero_dash_is_empty_with_or_without_its_trailing_space()
    {
        Assert.That(OfacCsv.ParseLine("1,-0- ,-0-,\"-0-\""), Is.EqualTo(new string?[] { "1", null, null, "-0-" }));
    }

    [Test]
    public void Crlf_lines_a_multi_line_quoted_field_and_the_dos_end_of_file_byte_are_handled()
    {
        var text = "36,\"AERO\",-0- \r\n37,\"TWO\r\nLINES\",x\r\n\u001a";

        var records = OfacCsv.ReadRecords(new StringReader(text)).ToList();

        Assert.That(records, Has.Count.EqualTo(2));
        Assert.That(records[1][1], Is.EqualTo("TWO\nLINES"));
    }
}

public sealed class NameNormalizerTests
{
    [TestCase("Rodríguez Orejuela, Gilberto José", true, "GILBERTO JOSE RODRIGUEZ OREJUELA")]
    [TestCase("ANGLO-CARIBBEAN CO., LTD.", false, "ANGLO CARIBBEAN CO LTD")]
    [TestCase("O'Brien  &  Søn GmbH", false, "OBRIEN SON GMBH")]
    [TestCase("Straße", false, "STRASSE")]
    [TestCase("'BNC'", false, "BNC")]
    [TestCase("  ", false, "")]
    public void Normalizes_to_upper_case_ascii_tokens(string raw, bool lastFirst, string expected)
    {
        Assert.That(NameNormalizer.Normalize(raw, lastFirst).Joined, Is.EqualTo(expected));
    }

    [Test]
    public void Legal_forms_particles_and_initials_are_weak()
    {
        Assert.That(NameNormalizer.Normalize("THE BANK OF XY LTD C").Weak, Is.EqualTo(new[] { "THE", "OF", "LTD", "C" }));
    }

    [TestCase("ROBERT", "R163")]
    [TestCase("RUPERT", "R163")]
    [TestCase("ASHCRAFT", "A261")]
    [TestCase("TYMCZAK", "T522")]
    [TestCase("PFISTER", "P236")]
    [TestCase("A", "A000")]
    [TestCase("123", "")]
    public void Soundex_follows_the_american_rules(string token, string code)
    {
        Assert.That(Soundex.Encode(token), Is.EqualTo(code));
    }
}

public sealed class ListLoaderTests
{
    [Test]
    public void Remarks_give_birth_years_exact_days_and_ranges()
    {
        var dates = SanctionsListLoader.BirthDates("DOB 12 Mar 1965; alt. DOB 1966; DOB circa 1970; DOB 1960 to 1962; POB Havana");

        Assert.That(dates.Select(d => (d.FromYear, d.ToYear, d.Exact)), Is.EqualTo(new (int, int, DateOnly?)[]
        {
            (1965, 1965, new DateOnly(1965, 3, 12)), (1966, 1966, null), (1968, 1972, null), (1960, 1962, null),
        }));
    }

    [Test]
    public void Remarks_give_nationalities_and_citizenships()
    {
        Assert.That(SanctionsListLoader.Nationalities("DOB 1965; nationality Cuba; alt. citizen Spain."), Is.EqualTo(new[] { "Cuba", "Spain" }));
    }

    [Test]
    public void Several_programs_are_split()
    {
        Assert.That(SanctionsListLoader.Programs("SDGT] [IFSR"), Is.EqualTo(new[] { "SDGT", "IFSR" }));
    }

    [Test]
    public void The_bundled_list_loads_with_aliases_countries_and_birth_dates()
    {
        var entries = SanctionsListLoader.Load(SanctionsFeature.ResolveFolder("Sanctions/Data/ofac", AppContext.BaseDirectory));

        Assert.That(entries, Has.Count.GreaterThan(8_900));
        var bank = entries.Single(e => e.EntNum == 306);
        Assert.That(bank.Names.Select(n => n.Text), Does.Contain("NATIONAL BANK OF CUBA"));
        Assert.That(bank.Countries, Is.SupersetOf(new[] { "CH", "ES", "JP", "PA" }));
        var person = entries.Single(e => e.EntNum == 4107);
        Assert.That(person.Type, Is.EqualTo("individual"));
        Assert.That(person.BirthDates.Single().Exact, Is.EqualTo(new DateOnly(1939, 1, 31)));
    }
}

public sealed class JaroWinklerBoundTests
{
    /// <summary>The matcher skips pairs on this ceiling, so it must never undercut the metric: checked against
    /// SimMetrics on every pairing of a few hundred real list tokens.</summary>
    [Test]
    public void The_ceiling_is_never_below_simmetrics()
    {
        var index = RiskFixture.App.Services.GetRequiredService<SanctionsIndex>();
        var tokens = index.Names.Where((_, i) => i % 97 == 0).SelectMany(n => n.Tokens).Distinct().Take(400)
            .Select(index.Token).Concat(["CUBA", "KUBA", "MARTHA", "MARHTA", "DWAYNE", "DUANE", "AB", "BA"]).ToList();
        var metric = new SimMetrics.Net.Metric.JaroWinkler();
        var worst = 1.0;
        foreach (var a in tokens)
        {
            var ha = JaroWinklerBound.Histogram(a);
            foreach (var b in tokens)
            {
                var gap = JaroWinklerBound.Ceiling(a, ha, b, JaroWinklerBound.Histogram(b)) - JaroWinklerBound.Similarity(metric, a, b);
                worst = Math.Min(worst, gap);
            }
        }
        Assert.That(worst, Is.GreaterThanOrEqualTo(-1e-12));
    }
}
