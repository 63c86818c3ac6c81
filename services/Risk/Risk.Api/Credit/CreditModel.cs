using System.Text.Json;
using Microsoft.ML;

namespace Jade.Risk.Credit;

/// <summary>
/// The served model: the ML.NET chain from <c>credit-model.zip</c>, its card from <c>credit-model.json</c>, and for
/// each slot of the feature vector the API field it explains (taken from the loaded chain, not from the card).
/// </summary>
public sealed class CreditModel
{
    private CreditModel(MLContext context, ITransformer transformer, CreditModelReport report, IReadOnlyList<CreditFeature> slotFeatures)
    {
        Context = context;
        Transformer = transformer;
        Report = report;
        SlotFeatures = slotFeatures;
    }

    public MLContext Context { get; }
    public ITransformer Transformer { get; }
    public CreditModelReport Report { get; }
    public IReadOnlyList<CreditFeature> SlotFeatures { get; }

    public static CreditModel Load(string modelPath)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"No credit model at '{modelPath}': run the service with --train-credit-model.", modelPath);
        var reportPath = Path.ChangeExtension(modelPath, ".json");
        var report = JsonSerializer.Deserialize<CreditModelReport>(File.ReadAllText(reportPath), CreditModelTrainer.Json)
            ?? throw new InvalidDataException($"'{reportPath}' is empty.");

        var context = new MLContext(report.Training.Seed);
        var transformer = context.Model.Load(modelPath, out var inputSchema);
        var outputSchema = transformer.GetOutputSchema(inputSchema);
        var slots = CreditModelTrainer.SlotNames(outputSchema);
        if (!slots.SequenceEqual(report.FeatureSlots))
            throw new InvalidDataException($"'{reportPath}' lists other feature slots than '{modelPath}' has: the two files are from different trainings.");
        return new CreditModel(context, transformer, report, [.. slots.Select(CreditPipeline.FeatureOfSlot)]);
    }
}
