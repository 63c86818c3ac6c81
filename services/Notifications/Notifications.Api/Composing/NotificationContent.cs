using Jade.Notifications.Inbox;

namespace Jade.Notifications.Composing;

/// <summary>One message in both languages: the in-app entry keeps both, e-mail and SMS use the customer's.</summary>
public sealed record NotificationContent(string Kind, string Category, LocalizedText Title, LocalizedText Body, string? Link);
