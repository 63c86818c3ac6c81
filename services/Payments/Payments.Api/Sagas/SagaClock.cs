using Jade.Payments.Orders;
using Microsoft.Extensions.Options;

namespace Jade.Payments.Sagas;

/// <summary>The time-keeping every saga shares: history entries, step deadlines and the resend back-off.</summary>
public sealed class SagaClock(IOptions<SagaOptions> options, TimeProvider time, SagaReplyLag? replyLag = null)
{
    public SagaOptions Settings => options.Value;
    public DateTimeOffset Now => time.GetUtcNow();

    public void Record(PaymentOrderRow order, string step, string? detail = null)
    {
        var now = Now;
        order.UpdatedAt = now;
        order.Timeline.Add(new PaymentEventRow { OrderId = order.Id, Step = step, Detail = detail, At = now });
    }

    /// <summary>Moves to <paramref name="status"/> with a fresh step deadline (<paramref name="wait"/>, default the step timeout).</summary>
    public void Enter(PaymentOrderRow order, string status, string step, TimeSpan? wait = null, string? detail = null)
    {
        order.Status = status;
        order.Deadline = Now + (wait ?? Settings.StepTimeout);
        order.Resends = 0;
        Record(order, step, detail);
    }

    public void Complete(PaymentOrderRow order)
    {
        order.Status = PaymentStatuses.Completed;
        order.CompletedAt = Now;
        order.Deadline = null;
        Record(order, "completed");
    }

    public void Fail(PaymentOrderRow order, string reason, string? detail = null)
    {
        order.Status = PaymentStatuses.Failed;
        order.FailureReason = reason;
        order.Deadline = null;
        Record(order, "failed", detail is null ? reason : $"{reason}: {detail}");
    }

    /// <summary>
    /// A step's deadline passed without its reply: true when it should be sent again (after <see cref="Backoff"/>), false
    /// when it waits one more step timeout instead because replies are still arriving but take at least half the step
    /// timeout (<see cref="SagaReplyLag"/>), so its own is most likely queued behind them. It waits so at most until
    /// <see cref="SagaOptions.MaxResendInterval"/> after the step began; a lost message is sent again then at the latest.
    /// </summary>
    public bool TryResend(PaymentOrderRow order)
    {
        if (replyLag?.RecentLongest() is { } longest && longest >= Settings.StepTimeout / 2 && Now - order.UpdatedAt < Settings.MaxResendInterval)
        {
            order.Deadline = Now + Settings.StepTimeout;
            return false;
        }
        Backoff(order);
        return true;
    }

    /// <summary>Waits twice as long as last time (capped) before the step is tried again.</summary>
    public void Backoff(PaymentOrderRow order, string? why = null)
    {
        order.Resends++;
        var wait = Settings.StepTimeout * Math.Pow(2, Math.Min(order.Resends, 10));
        order.Deadline = Now + (wait < Settings.MaxResendInterval ? wait : Settings.MaxResendInterval);
        Record(order, "resent", why is null ? $"attempt {order.Resends + 1}" : $"attempt {order.Resends + 1}: {why}");
    }
}
