using Jade.Contracts.Identity;
using Jade.Contracts.Payments;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Notifications.Customers;

namespace Jade.Notifications.Composing;

public static class NotificationEvents
{
    public static IServiceCollection AddNotificationEvents(this IServiceCollection services) => services
        .AddScoped<Notifier>()
        .AddMessageHandler<UserRegistered, CustomerRegistered>()
        .AddMessageHandler<KycVerified, KycVerifiedHandler>()
        .AddMessageHandler<KycRejected, KycRejectedHandler>()
        .AddMessageHandler<KycUpgradeRejected, KycUpgradeRejectedHandler>()
        .AddMessageHandler<LoginFromNewDevice, NewDeviceHandler>()
        .AddMessageHandler<PasskeyAdded, PasskeyAddedHandler>()
        .AddMessageHandler<AccountLocked, AccountLockedHandler>()
        .AddMessageHandler<TwoFactorDisabled, TwoFactorDisabledHandler>()
        .AddMessageHandler<TwoFactorResetRequested, TwoFactorResetRequestedHandler>()
        .AddMessageHandler<TwoFactorReset, TwoFactorResetHandler>()
        .AddMessageHandler<PasswordChanged, PasswordChangedHandler>()
        .AddMessageHandler<PaymentCompleted, PaymentCompletedHandler>()
        .AddMessageHandler<PaymentFailed, PaymentFailedHandler>()
        .AddMessageHandler<CaseResolved, ReviewOutcomeHandler>();
}

internal sealed class KycVerifiedHandler(Notifier notifier) : IMessageHandler<KycVerified>
{
    public Task HandleAsync(KycVerified m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, m.Level >= 3 ? Templates.KycLevel3Verified() : Templates.KycVerified(), ct);
}

internal sealed class KycUpgradeRejectedHandler(Notifier notifier) : IMessageHandler<KycUpgradeRejected>
{
    public Task HandleAsync(KycUpgradeRejected m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, Templates.KycUpgradeRejected(m), ct);
}

internal sealed class KycRejectedHandler(Notifier notifier) : IMessageHandler<KycRejected>
{
    public Task HandleAsync(KycRejected m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, Templates.KycRejected(), ct);
}

internal sealed class NewDeviceHandler(Notifier notifier) : IMessageHandler<LoginFromNewDevice>
{
    public Task HandleAsync(LoginFromNewDevice m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, Templates.NewDevice(m), ct);
}

internal sealed class AccountLockedHandler(Notifier notifier) : IMessageHandler<AccountLocked>
{
    public Task HandleAsync(AccountLocked m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, Templates.AccountLocked(m), ct);
}

internal sealed class TwoFactorResetHandler(Notifier notifier) : IMessageHandler<TwoFactorReset>
{
    public Task HandleAsync(TwoFactorReset m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, Templates.TwoFactorReset(m), ct);
}

internal sealed class TwoFactorDisabledHandler(Notifier notifier) : IMessageHandler<TwoFactorDisabled>
{
    public Task HandleAsync(TwoFactorDisabled m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, Templates.TwoFactorDisabled(m), ct);
}

internal sealed class TwoFactorResetRequestedHandler(Notifier notifier) : IMessageHandler<TwoFactorResetRequested>
{
    public Task HandleAsync(TwoFactorResetRequested m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, Templates.TwoFactorResetRequested(m), ct);
}

internal sealed class PasswordChangedHandler(Notifier notifier) : IMessageHandler<PasswordChanged>
{
    public Task HandleAsync(PasswordChanged m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, Templates.PasswordChanged(m), ct);
}

internal sealed class PasskeyAddedHandler(Notifier notifier) : IMessageHandler<PasskeyAdded>
{
    public Task HandleAsync(PasskeyAdded m, MessageContext context, CancellationToken ct) =>
        notifier.NotifyAsync(m.UserId, context.MessageId, Templates.PasskeyAdded(m), ct);
}

/// <summary>A P2P transfer tells both sides; a partner's payout has no Jade customer to tell (its webhook is the partner's news).</summary>
internal sealed class PaymentCompletedHandler(Notifier notifier) : IMessageHandler<PaymentCompleted>
{
    public async Task HandleAsync(PaymentCompleted m, MessageContext context, CancellationToken ct)
    {
        switch (m.Kind)
        {
            case "topup":
                await notifier.NotifyAsync(m.CustomerId, context.MessageId, Templates.TopUpCompleted(m), ct);
                break;
            case "p2p":
                await notifier.NotifyAsync(m.CustomerId, context.MessageId, Templates.TransferSent(m), ct);
                if (m.CounterpartyId is { } payee) await notifier.NotifyAsync(payee, context.MessageId, Templates.TransferReceived(m), ct);
                break;
            case "partner_credit":
                await notifier.NotifyAsync(m.CustomerId, context.MessageId, Templates.TransferReceived(m), ct);
                break;
            case "withdrawal":
                await notifier.NotifyAsync(m.CustomerId, context.MessageId, Templates.WithdrawalCompleted(m), ct);
                break;
        }
    }
}

/// <summary>
/// Only the customer who asked learns of a failure; a payee never knew a failed transfer existed. A transfer or
/// withdrawal an officer declined was already explained by the review outcome.
/// </summary>
internal sealed class PaymentFailedHandler(Notifier notifier) : IMessageHandler<PaymentFailed>
{
    public Task HandleAsync(PaymentFailed m, MessageContext context, CancellationToken ct) => m switch
    {
        { Reason: "review_declined" } => Task.CompletedTask,
        { Kind: "topup", Reason: "refunded_to_card" } => notifier.NotifyAsync(m.CustomerId, context.MessageId, Templates.TopUpRefunded(m), ct),
        { Kind: "withdrawal" } => notifier.NotifyAsync(m.CustomerId, context.MessageId, Templates.WithdrawalFailed(m), ct),
        { Kind: "topup" or "p2p" } => notifier.NotifyAsync(m.CustomerId, context.MessageId, Templates.PaymentFailed(m), ct),
        _ => Task.CompletedTask,
    };
}

/// <summary>An officer's decision on a held payment; KYC reviews end in KycVerified/KycRejected, told above.</summary>
internal sealed class ReviewOutcomeHandler(Notifier notifier) : IMessageHandler<CaseResolved>
{
    public Task HandleAsync(CaseResolved m, MessageContext context, CancellationToken ct) => m.Kind == "transaction"
        ? notifier.NotifyAsync(m.CustomerId, context.MessageId, Templates.ReviewOutcome(m.SubjectId, m.Resolution == "approve"), ct)
        : Task.CompletedTask;
}
