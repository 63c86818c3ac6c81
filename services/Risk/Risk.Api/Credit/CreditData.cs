using System.Globalization;

namespace Jade.Risk.Credit;

/// <summary>Turns the UCI German Credit ARFF file into typed applications with their outcome.</summary>
public static class CreditData
{
    public static IReadOnlyList<LabelledApplication> Load(string path) => FromArff(ArffReader.Read(path));

    public static IReadOnlyList<LabelledApplication> FromArff(ArffDocument document)
    {
        var columns = CreditFeatures.All.ToDictionary(f => f.Field, f => document.IndexOf(f.ArffName));
        var classColumn = document.IndexOf("class");
        var result = new List<LabelledApplication>(document.Rows.Count);
        for (var r = 0; r < document.Rows.Count; r++)
        {
            var row = document.Rows[r];
            string Code(CreditFeature f)
            {
                var value = row[columns[f.Field]] ?? throw Missing(r, f);
                return f.CodeFor(value) ?? throw new FormatException($"Row {r + 1}: '{value}' has no code for {f.Field}.");
            }
            decimal Number(CreditFeature f) =>
                decimal.Parse(row[columns[f.Field]] ?? throw Missing(r, f), NumberStyles.Float, CultureInfo.InvariantCulture);

            var application = new LoanApplication(
                Code(CreditFeatures.CheckingStatus), (int)Number(CreditFeatures.Duration), Code(CreditFeatures.CreditHistory),
                Code(CreditFeatures.Purpose), Number(CreditFeatures.CreditAmount), Code(CreditFeatures.SavingsStatus),
                Code(CreditFeatures.Employment), (int)Number(CreditFeatures.InstallmentRate), Code(CreditFeatures.PersonalStatus),
                Code(CreditFeatures.OtherParties), (int)Number(CreditFeatures.ResidenceSince), Code(CreditFeatures.PropertyMagnitude),
                (int)Number(CreditFeatures.Age), Code(CreditFeatures.OtherPaymentPlans), Code(CreditFeatures.Housing),
                (int)Number(CreditFeatures.ExistingCredits), Code(CreditFeatures.Job), (int)Number(CreditFeatures.NumDependents),
                Code(CreditFeatures.OwnTelephone), Code(CreditFeatures.ForeignWorker));
            var outcome = row[classColumn] ?? throw new FormatException($"Row {r + 1}: the class is missing.");
            result.Add(new LabelledApplication(application, outcome switch
            {
                "bad" => true,
                "good" => false,
                _ => throw new FormatException($"Row {r + 1}: class '{outcome}' is neither good nor bad."),
            }));
        }
        return result;
    }

    private static FormatException Missing(int row, CreditFeature feature) =>
        new($"Row {row + 1}: {feature.Field} is missing; the model has no imputation.");
}
