namespace Jade.Payments.Orders;

public sealed record Counterparty(Guid? CustomerId, string MaskedName);

/// <summary>An order as one side of it sees it: the payer sees the payee, the payee the payer.</summary>
public record PaymentView(
    Guid Id, string Kind, string Direction, string Status, long AmountMinor, string Currency, Counterparty Counterparty,
    string? Memo, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt)
{
    public const string Outgoing = "outgoing";
    public const string Incoming = "incoming";

    public static PaymentView Of(PaymentOrderRow o, Guid viewer) => PaymentKinds.IsIncoming(o.Kind)
        ? new(o.Id, o.Kind, Incoming, o.Status, o.AmountMinor, o.Currency, new(null, o.PayerLabel), o.Memo, o.FailureReason, o.CreatedAt,
            o.UpdatedAt, o.CompletedAt)
        : o.CustomerId == viewer
        ? new(o.Id, o.Kind, Outgoing, o.Status, o.AmountMinor, o.Currency, new(o.CounterpartyId, o.PayeeLabel), o.Memo,
            o.FailureReason, o.CreatedAt, o.UpdatedAt, o.CompletedAt)
        : new(o.Id, o.Kind, Incoming, o.Status, o.AmountMinor, o.Currency, new(o.CustomerId, o.PayerLabel), o.Memo,
            null, o.CreatedAt, o.UpdatedAt, o.CompletedAt);
}

public sealed record TimelineEntry(string Status, DateTimeOffset At, string? Detail);

/// <summary>An order with its saga's history, oldest step first.</summary>
public sealed record PaymentDetail(
    Guid Id, string Kind, string Direction, string Status, long AmountMinor, string Currency, Counterparty Counterparty,
    string? Memo, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<TimelineEntry> Timeline)
    : PaymentView(Id, Kind, Direction, Status, AmountMinor, Currency, Counterparty, Memo, FailureReason, CreatedAt, UpdatedAt, CompletedAt)
{
    public static PaymentDetail Of(PaymentView v, IReadOnlyList<TimelineEntry> timeline) => new(
        v.Id, v.Kind, v.Direction, v.Status, v.AmountMinor, v.Currency, v.Counterparty, v.Memo, v.FailureReason, v.CreatedAt, v.UpdatedAt,
        v.CompletedAt, timeline);
}

public sealed record PaymentPage(IReadOnlyList<PaymentView> Items, int Page, int PageSize, int Total);
