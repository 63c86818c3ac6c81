using Jade.Payments.Channels;
using Jade.Payments.Orders;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Reconciliation;

public sealed record ReconciliationReport(DateOnly Date, int StatementLines, int OrdersChecked, int NewSuspenseItems, IReadOnlyList<string> Findings);

/// <summary>
/// Compares one UTC day of each channel's statement with the orders the ledger booked. An order is booked when it
/// completed: payments marks it so only on the ledger's confirmation that the transfer posted. A top-up the ledger would
/// not credit is settled by its refund instead. Every difference becomes a suspense item; re-running a day adds only
/// what is new.
/// </summary>
public sealed class Reconciler(PaymentsDb db, ICardAcquirer acquirer, IPayoutRail rail, TimeProvider time, ILogger<Reconciler> logger)
{
    public async Task<ReconciliationReport> ReconcileAsync(DateOnly date, CancellationToken ct)
    {
        var charges = await acquirer.GetStatementAsync(date, ct);
        var payouts = await rail.GetStatementAsync(date, ct);
        var found = new List<SuspenseItemRow>();
        var checkedOrders = 0;
        foreach (var (channel, kinds, statement, earlier) in new (string, string[], Statement, Func<Task<Statement>>)[]
        {
            ("acquirer", PaymentKinds.Charged, charges, () => acquirer.GetStatementAsync(date.AddDays(-1), ct)),
            ("payouts", PaymentKinds.PaidOut, payouts, () => rail.GetStatementAsync(date.AddDays(-1), ct)),
        })
        {
            var orders = await BookedOrSettledAsync(kinds, date, statement, ct);
            checkedOrders += orders.Count;
            var items = Compare(channel, date, statement, orders, await ReportedRefundFailuresAsync(orders.Select(o => o.Id), ct)).ToList();
            found.AddRange(await WithoutSettledTheDayBeforeAsync(channel, date, items, earlier));
        }
        var added = 0;
        foreach (var item in found)
        {
            added += await db.Database.ExecuteSqlAsync($"""
                INSERT INTO payments.suspense_items (id, statement_date, channel, object_id, reference, order_id, reason, channel_amount, booked_amount, detail, found_at)
                VALUES ({item.Id}, {item.StatementDate}, {item.Channel}, {item.ObjectId}, {item.Reference}, {item.OrderId}, {item.Reason},
                        {item.ChannelAmount}, {item.BookedAmount}, {item.Detail}, {item.FoundAt})
                ON CONFLICT (channel, object_id, reason) DO NOTHING
                """, ct);
        }
        foreach (var item in found) logger.LogWarning("Reconciliation {Date}: {Channel} {ObjectId} {Reason} — {Detail}", date, item.Channel, item.ObjectId, item.Reason, item.Detail);
        return new(date, charges.Lines.Count + payouts.Lines.Count, checkedOrders, added, [.. found.Select(f => $"{f.Channel} {f.ObjectId}: {f.Reason}")]);
    }

    /// <summary>
    /// Orders of <paramref name="kinds"/> the statement names, those that completed that day, and those whose charge went
    /// back to the card that day (the refund should be on the statement).
    /// </summary>
    private async Task<List<PaymentOrderRow>> BookedOrSettledAsync(string[] kinds, DateOnly date, Statement statement, CancellationToken ct)
    {
        var from = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = from.AddDays(1);
        var named = statement.Lines.Select(l => Guid.TryParse(l.Reference, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        return await db.PaymentOrders.AsNoTracking()
            .Where(o => kinds.Contains(o.Kind) && (named.Contains(o.Id)
                || (o.Status == PaymentStatuses.Completed && o.CompletedAt >= from && o.CompletedAt < to)
                || (o.FailureReason == FailureReasons.RefundedToCard && o.UpdatedAt >= from && o.UpdatedAt < to)))
            .ToListAsync(ct);
    }

    /// <summary>
    /// An order completes once the ledger confirms, seconds after the channel settled it: one settled just before
    /// midnight completes the next day, and that day's statement rightly does not list it. Before calling such an order
    /// unsettled, the day before's statement is asked (only when there is one to ask about).
    /// </summary>
    private async Task<IEnumerable<SuspenseItemRow>> WithoutSettledTheDayBeforeAsync(string channel, DateOnly date, List<SuspenseItemRow> items,
        Func<Task<Statement>> earlier)
    {
        if (!items.Any(i => i.Reason == SuspenseReasons.NotSettled)) return items;
        Statement previous;
        try
        {
            previous = await earlier();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ChannelRefusedException)
        {
            logger.LogWarning("Reconciliation {Date}: the {Channel}'s statement of the day before could not be read ({Error}); unsettled orders are reported as found",
                date, channel, ex.Message);
            return items;
        }
        var settledBefore = previous.Lines.Select(l => (l.Reference, l.ObjectId)).ToHashSet();
        return items.Where(i => i.Reason != SuspenseReasons.NotSettled || !settledBefore.Contains((i.Reference ?? "", i.ObjectId)));
    }

    /// <summary>Orders whose failed refund already opened a suspense item: their charge is not reported a second time.</summary>
    private async Task<HashSet<Guid>> ReportedRefundFailuresAsync(IEnumerable<Guid> orders, CancellationToken ct)
    {
        var ids = orders.ToList();
        return [.. await db.SuspenseItems.AsNoTracking()
            .Where(s => s.Reason == SuspenseReasons.RefundFailed && s.OrderId != null && ids.Contains(s.OrderId.Value))
            .Select(s => s.OrderId!.Value).ToListAsync(ct)];
    }

    private IEnumerable<SuspenseItemRow> Compare(string channel, DateOnly date, Statement statement, List<PaymentOrderRow> orders, HashSet<Guid> reported)
    {
        var byId = orders.ToDictionary(o => o.Id);
        var settled = new HashSet<Guid>();
        var refunded = new HashSet<Guid>();
        foreach (var line in statement.Lines)
        {
            var isRefund = line.Kind == StatementKinds.Refund;
            if (!Guid.TryParse(line.Reference, out var id) || !byId.TryGetValue(id, out var order))
            {
                yield return Item(channel, date, line.ObjectId, line.Reference, null, SuspenseReasons.UnknownReference, line.Amount, null,
                    $"The {channel} {(isRefund ? "refunded" : "settled")} {PaymentRequests.FormatAmount(line.Amount)} {line.Currency} for a reference no order of this channel has.");
                continue;
            }
            (isRefund ? refunded : settled).Add(id);
            if (order.AmountMinor != line.Amount || order.Currency != line.Currency)
            {
                yield return Item(channel, date, line.ObjectId, line.Reference, id, SuspenseReasons.AmountMismatch, line.Amount, order.AmountMinor,
                    $"{(isRefund ? "Refunded" : "Settled")} {PaymentRequests.FormatAmount(line.Amount)} {line.Currency}; the order is for {PaymentRequests.FormatAmount(order.AmountMinor)} {order.Currency}.");
            }
            else if (isRefund && !IsBeingRefunded(order))
            {
                yield return Item(channel, date, line.ObjectId, line.Reference, id, SuspenseReasons.UnexpectedRefund, line.Amount, null,
                    $"Refunded to the card at the {channel}, but the order is {Describe(order)}.");
            }
            else if (!isRefund && order.Status != PaymentStatuses.Completed && !IsBeingRefunded(order) && !reported.Contains(id))
            {
                yield return Item(channel, date, line.ObjectId, line.Reference, id, SuspenseReasons.NotBooked, line.Amount, null,
                    $"Settled at the {channel}, but the order is {Describe(order)}.");
            }
        }
        foreach (var order in orders.Where(o => o.Status == PaymentStatuses.Completed && !settled.Contains(o.Id)))
        {
            yield return Item(channel, date, order.ChannelObjectId ?? order.Id.ToString("D"), order.Id.ToString("D"), order.Id, SuspenseReasons.NotSettled,
                null, order.AmountMinor, $"Booked {PaymentRequests.FormatAmount(order.AmountMinor)} {order.Currency}, but the {channel}'s statement does not show it.");
        }
        foreach (var order in orders.Where(o => o.FailureReason == FailureReasons.RefundedToCard && !refunded.Contains(o.Id)
            && DateOnly.FromDateTime(o.UpdatedAt.UtcDateTime) == date))
        {
            yield return Item(channel, date, order.RefundId ?? order.Id.ToString("D"), order.Id.ToString("D"), order.Id, SuspenseReasons.NotSettled,
                null, order.AmountMinor, $"Refunded {PaymentRequests.FormatAmount(order.AmountMinor)} {order.Currency} to the card, but the {channel}'s statement does not show the refund.");
        }
    }

    /// <summary>A top-up the ledger would not credit, whose charge is on its way back to the card or already there.</summary>
    private static bool IsBeingRefunded(PaymentOrderRow order) =>
        order.Status is PaymentStatuses.Refunding or PaymentStatuses.AwaitingRefund || order.FailureReason == FailureReasons.RefundedToCard;

    private static string Describe(PaymentOrderRow order) => $"{order.Status}{(order.FailureReason is null ? "" : $" ({order.FailureReason})")}";

    private SuspenseItemRow Item(string channel, DateOnly date, string objectId, string? reference, Guid? orderId, string reason, long? channelAmount,
        long? bookedAmount, string detail) => new()
    {
        Id = Guid.CreateVersion7(time.GetUtcNow()), StatementDate = date, Channel = channel, ObjectId = objectId, Reference = reference, OrderId = orderId,
        Reason = reason, ChannelAmount = channelAmount, BookedAmount = bookedAmount, Detail = detail, FoundAt = time.GetUtcNow(),
    };
}
