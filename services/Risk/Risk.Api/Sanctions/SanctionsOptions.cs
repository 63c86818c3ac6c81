namespace Jade.Risk.Sanctions;

public sealed class SanctionsOptions
{
    /// <summary>Folder holding sdn.csv, alt.csv and add.csv; relative paths resolve against the app's base directory.</summary>
    public string ListPath { get; set; } = "Sanctions/Data/ofac";

    /// <summary>Lowest score reported as a match. OFAC's own tool is commonly run at 0.80–0.85.</summary>
    public double Threshold { get; set; } = 0.85;
}
