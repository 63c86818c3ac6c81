using Jade.Contracts.Payments;
using Jade.Messaging;
using Jade.Payments.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Jade.Payments.Orders;

/// <summary>
/// Announces every order that reaches <c>completed</c> or <c>failed</c> (for notifications and partner webhooks), in the
/// same unit of work as the change. Found from the tracked status change at save time rather than at each of the many
/// places a saga finishes, so no path to a final state can forget to tell anyone.
/// </summary>
internal sealed class PaymentOutcomes(IServiceProvider scope) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Announce(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Announce(eventData.Context);
        return result;
    }

    private void Announce(DbContext? context)
    {
        if (context is null) return;
        IOutbox? outbox = null;
        foreach (var entry in context.ChangeTracker.Entries<PaymentOrderRow>())
        {
            var order = entry.Entity;
            if (!order.IsFinal) continue;
            var reachedFinal = entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && entry.OriginalValues.GetValue<string>(nameof(PaymentOrderRow.Status)) != order.Status);
            if (!reachedFinal) continue;
            outbox ??= scope.GetRequiredService<IOutbox>();
            outbox.Add(EventFor(order), order.Id.ToString("D"));
        }
    }

    internal static object EventFor(PaymentOrderRow o)
    {
        if (o.Status == PaymentStatuses.Completed)
        {
            return new PaymentCompleted(o.Id, o.Kind, o.CustomerId, o.CounterpartyId, o.AmountMinor, o.Currency, o.PayerLabel, o.PayeeLabel,
                o.PartnerClientId, o.PartnerReference, o.CompletedAt ?? o.UpdatedAt);
        }
        var (isoStatus, isoReason) = PartnerStatuses.Of(o);
        return new PaymentFailed(o.Id, o.Kind, o.CustomerId, o.CounterpartyId, o.AmountMinor, o.Currency, o.PayerLabel, o.PayeeLabel,
            o.PartnerClientId, o.PartnerReference, o.FailureReason ?? "failed", isoReason ?? "NARR", o.UpdatedAt, isoStatus);
    }
}

internal static class PaymentOutcomesRegistration
{
    public static IServiceCollection AddPaymentOutcomes(this IServiceCollection services) =>
        services.ConfigureDbContext<PaymentsDb>((scope, options) => options.AddInterceptors(new PaymentOutcomes(scope)));
}
