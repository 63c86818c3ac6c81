using Jade.Risk.Credit;

namespace Jade.Risk.Tests.Credit;

public sealed class ArffTests
{
    private const string Sample = """
        % a comment
        @relation 'tiny credit'
        @attribute checking_status { '<0', '0<=X<200', 'no checking'}
        @attribute duration numeric
        @attribute 'note text' {plain, 'with, comma'}
        @attribute class {good, bad}

        @data
        '<0',6,plain,good
        'no checking', 12.5 ,'with, comma' ,bad
        '0<=X<200',?,plain,good
        """;

    [Test]
    public void Reads_attributes_and_quoted_values()
    {
        var document = ArffReader.Parse(new StringReader(Sample));

        Assert.That(document.Relation, Is.EqualTo("tiny credit"));
        Assert.That(document.Attributes.Select(a => a.Name), Is.EqualTo(new[] { "checking_status", "duration", "note text", "class" }));
        Assert.That(document.Attributes[0].NominalValues, Is.EqualTo(new[] { "<0", "0<=X<200", "no checking" }));
        Assert.That(document.Attributes[1].IsNumeric, Is.True);
        Assert.That(document.Rows, Has.Count.EqualTo(3));
        Assert.That(document.Rows[1], Is.EqualTo(new[] { "no checking", "12.5", "with, comma", "bad" }));
        Assert.That(document.Rows[2][1], Is.Null, "'?' is a missing value");
    }

    [TestCase("'<0',6,plain\n", "3 values for 4 attributes")]
    [TestCase("'>=200',6,plain,good\n", "not a declared value")]
    [TestCase("'<0',six,plain,good\n", "not a number")]
    [TestCase("'<0,6,plain,good\n", "unclosed quote")]
    [TestCase("'<0'x,6,plain,good\n", "after a quoted value")]
    public void Rejects_a_row_that_does_not_fit_the_header(string row, string message)
    {
        var text = Sample[..(Sample.IndexOf("@data", StringComparison.Ordinal) + 5)] + "\n" + row;

        var error = Assert.Throws<FormatException>(() => ArffReader.Parse(new StringReader(text)));
        Assert.That(error!.Message, Does.Contain(message).And.Contain("line"));
    }

    [Test]
    public void The_bundled_german_credit_file_has_1000_typed_applicants()
    {
        var data = CreditData.Load(CreditTestData.ArffPath);

        Assert.That(data, Has.Count.EqualTo(1000));
        Assert.That(data.Count(d => d.IsBad), Is.EqualTo(300));
        var first = data[0].Application;
        Assert.That(first.CheckingStatus, Is.EqualTo("lt0"));
        Assert.That(first.DurationMonths, Is.EqualTo(6));
        Assert.That(first.CreditHistory, Is.EqualTo("critical"));
        Assert.That(first.Purpose, Is.EqualTo("radio_tv"));
        Assert.That(first.CreditAmount, Is.EqualTo(1169m));
        Assert.That(first.Age, Is.EqualTo(67));
        Assert.That(first.ForeignWorker, Is.EqualTo("yes"));
        Assert.That(data[0].IsBad, Is.False);
        Assert.That(data[1].IsBad, Is.True);
    }

    [Test]
    public void Every_declared_arff_value_has_an_api_code()
    {
        var document = ArffReader.Read(CreditTestData.ArffPath);

        foreach (var feature in CreditFeatures.All.Where(f => f.IsCategorical))
        {
            var declared = document.Attributes[document.IndexOf(feature.ArffName)].NominalValues!;
            Assert.That(feature.Codes!.Select(c => c.ArffValue), Is.EquivalentTo(declared), feature.Field);
        }
    }
}

internal static class CreditTestData
{
    /// <summary>The copy the build puts beside the test binaries (the service's bundled data).</summary>
    public static string ArffPath => Path.Combine(AppContext.BaseDirectory, "Credit", "Data", "credit-g.arff");

    public static string ModelPath => Path.Combine(AppContext.BaseDirectory, "Credit", "Model", CreditModelTrainer.ModelFile);
}
