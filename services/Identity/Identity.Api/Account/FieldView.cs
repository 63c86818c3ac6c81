namespace Jade.Identity.Account;

/// <summary>What <c>_Field.cshtml</c> renders: ids stay equal to <see cref="Name"/> so end-to-end tests can rely on them.</summary>
public sealed record FieldView(string Name, string Label, string Type = "text")
{
    public string? Value { get; init; }
    public string? Error { get; init; }
    public string? Hint { get; init; }
    public string AutoComplete { get; init; } = "off";
    public string? InputMode { get; init; }
    public int MaxLength { get; init; } = 256;
    public bool AutoFocus { get; init; }
}
