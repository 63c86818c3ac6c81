using Jade.Messaging;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// Wakes the dispatcher when deliveries become due now, instead of at its next poll: on this replica after a replay or
/// re-enable, and on every replica through <see cref="Live.LiveSignals.WebhooksWaitingAsync"/> when a handler's
/// transaction that wrote deliveries commits.
/// </summary>
public sealed class WebhookSignal : WakeSignal;
