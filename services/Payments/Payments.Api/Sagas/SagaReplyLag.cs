using Jade.Payments.Orders;

namespace Jade.Payments.Sagas;

/// <summary>
/// How long this process's saga replies have recently taken: the time from an order's last step to the ledger's or
/// risk's answer. <see cref="SagaClock.TryResend"/> reads it so that a step past its deadline is not sent again while
/// replies are merely slow. A resend is for a lost message; in a congested pipeline it only queues a duplicate behind the
/// original at every hop and deepens the congestion (at 300 transfers/s offered, resending after 30 s cost twice the CPU
/// per transfer and cut the completed rate from 137/s to 77/s: docs/payments.md).
/// </summary>
public sealed class SagaReplyLag(TimeProvider time)
{
    /// <summary>How far back <see cref="RecentLongest"/> looks, in one-second buckets.</summary>
    public const int WindowSeconds = 60;

    private readonly long[] _second = new long[WindowSeconds];
    private readonly double[] _longest = new double[WindowSeconds];
    private readonly Lock _lock = new();

    /// <summary>A reply for <paramref name="order"/> arrived; call before the saga applies it (which moves <c>UpdatedAt</c>).</summary>
    public void Observe(PaymentOrderRow order)
    {
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        var lag = Math.Max(0, (now - order.UpdatedAt).TotalSeconds);
        var i = (int)(second % WindowSeconds);
        lock (_lock)
        {
            if (_second[i] != second) (_second[i], _longest[i]) = (second, 0);
            if (lag > _longest[i]) _longest[i] = lag;
        }
    }

    /// <summary>The longest lag of the replies of the last minute, or null when none arrived.</summary>
    public TimeSpan? RecentLongest()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        double? longest = null;
        lock (_lock)
        {
            for (var i = 0; i < WindowSeconds; i++)
            {
                if (_second[i] > now - WindowSeconds && _second[i] <= now) longest = Math.Max(longest ?? 0, _longest[i]);
            }
        }
        return longest is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
    }
}
