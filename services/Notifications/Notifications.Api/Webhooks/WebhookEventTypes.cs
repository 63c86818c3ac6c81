namespace Jade.Notifications.Webhooks;

/// <summary>The event types a partner can subscribe an endpoint to.</summary>
public static class WebhookEventTypes
{
    public const string PaymentCompleted = "payment.completed";
    public const string PaymentFailed = "payment.failed";
    public static readonly string[] All = [PaymentCompleted, PaymentFailed];
}
