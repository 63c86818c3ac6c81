using Jade.ServiceDefaults;
namespace Jade.Payments.Orders;

/// <summary>
/// The electronic receipt of a completed payment, as one side of it sees it. Both parties appear masked, as the order
/// stored them. Nothing is stored for it: the receipt number follows from the order, so every copy of one receipt
/// carries the same number.
/// </summary>
public sealed record PaymentReceipt(
    string ReceiptNumber, Guid PaymentId, string Kind, string Direction, long AmountMinor, string Currency, string Payer, string Payee,
    string? Memo, DateTimeOffset CreatedAt, DateTimeOffset CompletedAt, DateTimeOffset IssuedAt)
{
    public const string NotAvailableType = "https://jade.example/problems/receipt-not-available";

    public static PaymentReceipt Of(PaymentOrderRow order, Guid viewer, DateTimeOffset issuedAt)
    {
        var completedAt = order.CompletedAt ?? throw new InvalidOperationException($"Order {order.Id} has no receipt before it completes.");
        return new(NumberOf(order.Id, completedAt), order.Id, order.Kind, PaymentView.Of(order, viewer).Direction, order.AmountMinor,
            order.Currency, order.PayerLabel, order.PayeeLabel, order.Memo, order.CreatedAt, completedAt, issuedAt);
    }

    /// <summary>
    /// "JR-20261128-9C41E07B2D5A": the Beijing business day it completed and the last 12 hex digits of the order id. Those
    /// are the random part of a version-7 id (its first digits are a timestamp, shared by orders made in the same
    /// millisecond).
    /// </summary>
    public static string NumberOf(Guid orderId, DateTimeOffset completedAt) =>
        $"JR-{BusinessDay.DateOf(completedAt):yyyyMMdd}-{orderId.ToString("N")[^12..].ToUpperInvariant()}";
}
