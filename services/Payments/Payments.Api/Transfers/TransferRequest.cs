using Jade.Payments.Orders;
using Jade.Payments.Pins;

namespace Jade.Payments.Transfers;

/// <summary>A P2P transfer: <see cref="Amount"/> is decimal text in major units ("30.00").</summary>
public sealed record TransferRequest(Guid? PayeeId, string? Amount, string? Currency, string? Memo, string? Pin)
{
    public (long AmountMinor, Dictionary<string, string[]> Errors) Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (PayeeId is null || PayeeId == Guid.Empty) errors["payeeId"] = ["Choose who to pay."];
        var amount = PaymentRequests.ParseAmount(Amount);
        if (amount is null) errors["amount"] = ["Enter an amount above 0 with at most 2 decimals, e.g. 30.00."];
        if (Currency is not null && Currency != PaymentRequests.Currency) errors["currency"] = ["Only CNY can be sent."];
        if (PaymentRequests.MemoProblem(Memo) is { } memo) errors["memo"] = [memo];
        if (!PinRules.IsWellFormed(Pin)) errors["pin"] = ["Enter your 6-digit payment PIN."];
        return (amount ?? 0, errors);
    }
}
