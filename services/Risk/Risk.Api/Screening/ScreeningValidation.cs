using System.Net;
using System.Text.RegularExpressions;

namespace Jade.Risk.Screening;

public static partial class ScreeningValidation
{
    public const long MaxAmount = 1_000_000_000_000;
    public static readonly string[] Channels = ["app", "web", "partner"];

    /// <summary>Field errors (camelCase names) for a transaction to screen; empty when it is fine.</summary>
    public static Dictionary<string, string[]> Validate(ScreeningTransaction tx)
    {
        var errors = new Dictionary<string, string[]>();
        if (tx.TransactionId == Guid.Empty) errors["transactionId"] = ["transactionId is required."];
        if (!TransactionTypes.All.Contains(tx.Type)) errors["type"] = [$"type must be one of {string.Join(", ", TransactionTypes.All)}."];
        if (tx.Amount is <= 0 or > MaxAmount) errors["amount"] = [$"amount must be between 1 and {MaxAmount} minor units."];
        if (tx.Currency is null || !CurrencyPattern().IsMatch(tx.Currency)) errors["currency"] = ["currency must be 3 upper-case letters (ISO 4217)."];
        if (tx.PayerId == Guid.Empty) errors["payerId"] = ["payerId is required."];
        if (tx.PayeeId == Guid.Empty) errors["payeeId"] = ["payeeId must not be the empty id."];
        if (tx.PayeeId is { } payee && payee == tx.PayerId) errors["payeeId"] = ["payeeId must differ from payerId."];
        if (tx.PayeeName is { Length: 0 or > 200 }) errors["payeeName"] = ["payeeName must be 1 to 200 characters."];
        if (!Channels.Contains(tx.Channel)) errors["channel"] = [$"channel must be one of {string.Join(", ", Channels)}."];
        if (tx.DeviceId is { Length: 0 or > 100 }) errors["deviceId"] = ["deviceId must be 1 to 100 characters."];
        if (tx.IpAddress is { } ip && (ip.Length > 45 || !IPAddress.TryParse(ip, out _))) errors["ipAddress"] = ["ipAddress must be an IPv4 or IPv6 address."];
        if (tx.OccurredAt == default) errors["occurredAt"] = ["occurredAt is required."];
        return errors;
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
