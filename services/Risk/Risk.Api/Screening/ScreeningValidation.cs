using System.Net;
using Jade.Contracts.Ledger;
using Jade.ServiceDefaults;

namespace Jade.Risk.Screening;

public static class ScreeningValidation
{
    public const long MaxAmount = 1_000_000_000_000;
    public static readonly string[] Channels = ["app", "web", "partner"];

    /// <summary>
    /// The currencies screening understands. Every amount rule, limit and velocity sum is in CNY fen, the only currency
    /// the ledger keeps wallets in: an amount in another currency would be compared against CNY limits as if it were
    /// fen, so it is refused rather than screened wrongly. Add a currency here only together with conversion in the rules.
    /// </summary>
    public static readonly string[] Currencies = [LedgerAccounts.WalletCurrency];

    /// <summary>
    /// The times a transaction may carry. Screening computes with them (windows before it, the local hour): near the
    /// ends of the calendar that arithmetic throws, so a year 9999 was a 500 (and a dead letter on the bus).
    /// </summary>
    public static readonly DateTimeOffset EarliestOccurredAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LatestOccurredAt = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Field errors (camelCase names) for a transaction to screen; empty when it is fine.</summary>
    public static Dictionary<string, string[]> Validate(ScreeningTransaction tx)
    {
        var errors = new Dictionary<string, string[]>();
        if (tx.TransactionId == Guid.Empty) errors["transactionId"] = ["transactionId is required."];
        if (!TransactionTypes.All.Contains(tx.Type)) errors["type"] = [$"type must be one of {string.Join(", ", TransactionTypes.All)}."];
        if (tx.Amount is <= 0 or > MaxAmount) errors["amount"] = [$"amount must be between 1 and {MaxAmount} minor units."];
        if (!Currencies.Contains(tx.Currency)) errors["currency"] = [$"currency must be one of {string.Join(", ", Currencies)}."];
        if (tx.PayerId == Guid.Empty) errors["payerId"] = ["payerId is required."];
        if (tx.PayeeId == Guid.Empty) errors["payeeId"] = ["payeeId must not be the empty id."];
        if (tx.PayeeId is { } payee && payee == tx.PayerId) errors["payeeId"] = ["payeeId must differ from payerId."];
        if (tx.PayeeName is { Length: 0 or > 200 } || (tx.PayeeName is { } name && FreeText.HasControlCharacters(name)))
        {
            errors["payeeName"] = ["payeeName must be 1 to 200 characters, without control characters."];
        }
        if (!Channels.Contains(tx.Channel)) errors["channel"] = [$"channel must be one of {string.Join(", ", Channels)}."];
        if (tx.DeviceId is { Length: 0 or > 100 } || (tx.DeviceId is { } device && FreeText.HasControlCharacters(device)))
        {
            errors["deviceId"] = ["deviceId must be 1 to 100 characters, without control characters."];
        }
        // An IPv6 scope id ("fe80::1%eth0") is taken as it comes by the parser, control characters and all.
        if (tx.IpAddress is { } ip && (ip.Length > 45 || FreeText.HasControlCharacters(ip) || !IPAddress.TryParse(ip, out _)))
        {
            errors["ipAddress"] = ["ipAddress must be an IPv4 or IPv6 address."];
        }
        if (tx.OccurredAt == default) errors["occurredAt"] = ["occurredAt is required."];
        else if (tx.OccurredAt < EarliestOccurredAt || tx.OccurredAt >= LatestOccurredAt)
        {
            errors["occurredAt"] = ["occurredAt must be from 2000-01-01 up to 2100-01-01 (UTC)."];
        }
        return errors;
    }
}
