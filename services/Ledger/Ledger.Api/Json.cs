using System.Text.Json;

namespace Jade.Ledger;

internal static class Json
{
    public static string? ToText(JsonElement? element) =>
        element is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } e ? e.GetRawText() : null;

    public static JsonElement? FromText(string? text)
    {
        if (text is null) return null;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

/// <summary><c>{ index, id, status }</c> for every submitted item.</summary>
public sealed record BatchResult(int Index, Guid Id, string Status);

public sealed record BatchResponse(IReadOnlyList<BatchResult> Results);
