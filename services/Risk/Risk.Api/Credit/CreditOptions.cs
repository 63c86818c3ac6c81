namespace Jade.Risk.Credit;

public sealed class CreditOptions
{
    /// <summary>The German Credit ARFF file training reads; relative paths look beside the binaries, then under the content root.</summary>
    public string DataPath { get; set; } = "Credit/Data/credit-g.arff";

    /// <summary>The model the scorer serves; its card is the same path with <c>.json</c>.</summary>
    public string ModelPath { get; set; } = "Credit/Model/credit-model.zip";

    /// <summary>Where <c>--train-credit-model</c> writes; relative to the content root so that, run from the
    /// project folder, it replaces the committed files.</summary>
    public string TrainingOutput { get; set; } = "Credit/Model";

    internal static string Resolve(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path)) return path;
        var besideBinaries = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideBinaries) ? besideBinaries : Path.Combine(contentRoot, path);
    }
}
