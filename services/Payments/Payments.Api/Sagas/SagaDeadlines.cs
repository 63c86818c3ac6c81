using Jade.Payments.Cards;
using Jade.Payments.Channels;
using Jade.Payments.HeldPayments;
using Jade.Payments.Orders;
using Jade.Payments.Incoming;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Payments.Sagas;

/// <summary>
/// Acts for sagas whose deadline passed: resends an unanswered step, asks a channel what became of a charge or payout,
/// makes a due payout request, or gives up on a review. Rows are claimed with <c>SKIP LOCKED</c>, so replicas share the
/// work and a saga busy with a reply is simply left for the next sweep. A channel call happens with its own row locked
/// (the lock keeps a notification from racing the answer), in a transaction of its own: with a hanging channel, a batch
/// holding 50 rows through 50 calls in turn would block for minutes every reply or webhook naming any of them, and the
/// inbox, one batch at a time, behind it.
/// </summary>
internal sealed class SagaDeadlines(IServiceScopeFactory scopes, IOptions<SagaOptions> options, TimeProvider time, ILogger<SagaDeadlines> logger)
    : BackgroundService
{
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SweepAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Saga deadline sweep failed; retrying");
            }
            await Task.Delay(options.Value.SweepInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Acts on up to <see cref="BatchSize"/> due orders in one transaction. An order whose action throws would roll the
    /// whole batch back on every sweep, and keep every saga behind it waiting: it is backed off on its own instead, and
    /// the batch goes again without it.
    /// </summary>
    internal async Task<int> SweepAsync(CancellationToken ct)
    {
        try
        {
            return await ActOnDueAsync(ct);
        }
        catch (DeadlineActionFailed failed)
        {
            logger.LogError(failed.InnerException, "Payment {OrderId} failed to act on its deadline; backing it off", failed.OrderId);
            await BackOffAsync(failed.OrderId, failed.InnerException!.GetType().Name, ct);
            return BatchSize;
        }
    }

    private async Task BackOffAsync(Guid orderId, string why, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await scope.ServiceProvider.GetRequiredService<SagaStore>().LockAsync(orderId, ct) is { Deadline: not null } order)
        {
            scope.ServiceProvider.GetRequiredService<SagaClock>().Backoff(order, $"could not act on the deadline ({why})");
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private async Task<int> ActOnDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        var orders = scope.ServiceProvider.GetRequiredService<OrderDeadlines>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var due = await db.PaymentOrders
            .FromSql($"SELECT * FROM payments.payment_orders WHERE deadline <= {now} ORDER BY deadline LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        var callers = due.Where(OrderDeadlines.CallsChannel).Select(o => o.Id).ToList();
        foreach (var order in due.Where(o => !OrderDeadlines.CallsChannel(o))) await ActAsync(orders, order, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var id in callers) await ActAloneAsync(id, ct);
        return due.Count;
    }

    /// <summary>An order whose deadline calls a channel, if it is still due and no one else holds it.</summary>
    private async Task ActAloneAsync(Guid orderId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var order = await db.PaymentOrders
            .FromSql($"SELECT * FROM payments.payment_orders WHERE id = {orderId} AND deadline <= {now} FOR UPDATE SKIP LOCKED")
            .SingleOrDefaultAsync(ct);
        if (order is null) return;
        await ActAsync(scope.ServiceProvider.GetRequiredService<OrderDeadlines>(), order, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task ActAsync(OrderDeadlines orders, PaymentOrderRow order, CancellationToken ct)
    {
        var status = order.Status;
        try
        {
            await orders.ActAsync(order, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            throw new DeadlineActionFailed(order.Id, ex);
        }
        logger.LogInformation("Payment {OrderId} ({Kind}) passed its deadline in {Status}; now {NewStatus}", order.Id, order.Kind, status, order.Status);
    }
}

internal sealed class DeadlineActionFailed(Guid orderId, Exception inner) : Exception($"Payment {orderId} failed to act on its deadline.", inner)
{
    public Guid OrderId { get; } = orderId;
}

/// <summary>What each kind of order does when its deadline passes.</summary>
public sealed class OrderDeadlines(
    SagaStore store, SagaClock clock, HeldPaymentSaga held, IncomingPaymentSaga topUps, TopUpRefunds refunds, ICardAcquirer acquirer, IPayoutRail rail,
    PaymentsDb db, ChannelUrls urls, ILogger<OrderDeadlines> logger)
{
    /// <summary>Whether acting on the order's deadline makes an HTTP call to the acquirer or the payout rail.</summary>
    public static bool CallsChannel(PaymentOrderRow order) => order switch
    {
        { Kind: PaymentKinds.TopUp, Status: PaymentStatuses.AwaitingConfirmation or PaymentStatuses.Refunding or PaymentStatuses.AwaitingRefund } => true,
        { Kind: PaymentKinds.TopUp or PaymentKinds.PartnerCredit } => false,
        { Status: PaymentStatuses.PayingOut or PaymentStatuses.AwaitingPayout } => true,
        _ => false,
    };

    public async Task ActAsync(PaymentOrderRow order, CancellationToken ct)
    {
        switch (order)
        {
            case { Kind: PaymentKinds.TopUp, Status: PaymentStatuses.AwaitingConfirmation }:
                store.Send(order, topUps.OnDeadline(order, await AskAsync(() => acquirer.GetChargeAsync(order.ChannelObjectId!, ct), order)));
                break;
            case { Kind: PaymentKinds.TopUp, Status: PaymentStatuses.Refunding }:
                await RequestRefundAsync(order, ct);
                break;
            case { Kind: PaymentKinds.TopUp, Status: PaymentStatuses.AwaitingRefund }:
                var refund = await AskAsync(() => acquirer.GetRefundAsync(order.RefundId!, ct), order);
                if (refund?.Status is ChannelStatuses.Succeeded or ChannelStatuses.Failed)
                {
                    refunds.Apply(order, refund.Status, refund.FailureCode);
                }
                else
                {
                    clock.Backoff(order, refund is null ? "the acquirer could not be asked" : "the refund is still processing");
                }
                break;
            case { Kind: PaymentKinds.TopUp or PaymentKinds.PartnerCredit }:
                store.Send(order, topUps.OnDeadline(order, null));
                break;
            case { Status: PaymentStatuses.PayingOut }:
                await RequestPayoutAsync(order, ct);
                break;
            case { Status: PaymentStatuses.AwaitingPayout }:
                var payout = await AskAsync(() => rail.GetPayoutAsync(order.ChannelObjectId!, ct), order);
                if (payout?.Status is ChannelStatuses.Succeeded or ChannelStatuses.Failed)
                {
                    store.Send(order, held.OnPayoutResult(order, payout.Status == ChannelStatuses.Succeeded, payout.FailureCode, payout.PayoutId));
                }
                else
                {
                    clock.Backoff(order, payout is null ? "the rail could not be asked" : "the payout is still processing");
                }
                break;
            default:
                store.Send(order, held.OnDeadline(order));
                break;
        }
    }

    private async Task RequestPayoutAsync(PaymentOrderRow order, CancellationToken ct)
    {
        var card = await db.BankCards.AsNoTracking().SingleAsync(c => c.Id == order.BankCardId, ct);
        var request = new CreatePayout(order.Id.ToString("D"), order.AmountMinor, order.Currency, card.Number!, card.HolderName!, urls.PayoutNotifications);
        Payout payout;
        try
        {
            payout = await rail.CreatePayoutAsync(request, ct);
        }
        catch (ChannelRefusedException ex)
        {
            // The rail will not pay this card at all, so nothing left: the money goes back as for a payout it failed.
            logger.LogWarning("The rail refused the payout of payment {OrderId}: {Error}", order.Id, ex.Message);
            store.Send(order, held.OnPayoutResult(order, succeeded: false, "refused_by_rail", payoutId: null));
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Payout request for payment {OrderId} failed: {Error}", order.Id, ex.Message);
            clock.Backoff(order, "the rail could not be reached");
            return;
        }
        held.OnPayoutRequested(order, payout.PayoutId);
        if (payout.Status is ChannelStatuses.Succeeded or ChannelStatuses.Failed)
        {
            store.Send(order, held.OnPayoutResult(order, payout.Status == ChannelStatuses.Succeeded, payout.FailureCode, payout.PayoutId));
        }
    }

    private async Task RequestRefundAsync(PaymentOrderRow order, CancellationToken ct)
    {
        var request = new CreateRefund(order.ChannelObjectId!, order.Id.ToString("D"), order.AmountMinor, order.Currency,
            "The wallet could not be credited", urls.AcquirerNotifications);
        Refund refund;
        try
        {
            refund = await acquirer.CreateRefundAsync(request, ct);
        }
        catch (ChannelRefusedException ex)
        {
            // The acquirer will not refund this charge at all: asking again with the same request cannot change that.
            logger.LogWarning("The acquirer refused to refund top-up {OrderId}: {Error}", order.Id, ex.Message);
            refunds.Apply(order, ChannelStatuses.Failed, "refused_by_acquirer");
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Refund request for top-up {OrderId} failed: {Error}", order.Id, ex.Message);
            clock.Backoff(order, "the acquirer could not be reached");
            return;
        }
        topUps.OnRefundRequested(order, refund);
        if (refund.Status is ChannelStatuses.Succeeded or ChannelStatuses.Failed) refunds.Apply(order, refund.Status, refund.FailureCode);
    }

    /// <summary>A channel call whose failure is an answer too: null, logged, and the saga backs off.</summary>
    private async Task<T?> AskAsync<T>(Func<Task<T>> call, PaymentOrderRow order) where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ChannelRefusedException)
        {
            logger.LogWarning("Channel call for payment {OrderId} failed: {Error}", order.Id, ex.Message);
            return null;
        }
    }
}
