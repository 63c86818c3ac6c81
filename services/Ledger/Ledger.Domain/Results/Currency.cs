namespace Jade.Ledger.Domain.Results;

/// <summary>ISO 4217 alphabetic code shape check. The engine does not keep a currency list: which currencies
/// Jade offers is configuration at the edge, while the engine only needs a well-formed partition key.</summary>
public static class Currency
{
    public static bool IsValid(string? code) =>
        code is { Length: 3 } && code.All(static c => c is >= 'A' and <= 'Z');
}
