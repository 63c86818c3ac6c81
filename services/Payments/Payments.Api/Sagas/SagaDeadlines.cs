using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Payments.Transfers;

/// <summary>
/// Acts for sagas whose deadline passed: resends an unanswered step or gives up on a review. Rows are claimed with
/// <c>SKIP LOCKED</c>, so replicas share the work and a saga busy with a reply is simply left for the next sweep.
/// </summary>
internal sealed class SagaDeadlines(IServiceScopeFactory scopes, IOptions<SagaOptions> options, TimeProvider time, ILogger<SagaDeadlines> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

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

    internal async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        var store = scope.ServiceProvider.GetRequiredService<SagaStore>();
        var saga = scope.ServiceProvider.GetRequiredService<PeerToPeerSaga>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var due = await db.PaymentOrders
            .FromSql($"SELECT * FROM payments.payment_orders WHERE deadline <= {now} ORDER BY deadline LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        foreach (var order in due)
        {
            var status = order.Status;
            store.Send(order, saga.OnDeadline(order));
            logger.LogInformation("Payment {OrderId} passed its deadline in {Status}; now {NewStatus}", order.Id, status, order.Status);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }
}
