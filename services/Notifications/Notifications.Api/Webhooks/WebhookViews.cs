namespace Jade.Notifications.Webhooks;

/// <summary>An endpoint as the partner sees it; the secret is never shown again after creation or rotation.</summary>
public sealed record WebhookEndpointView(
    Guid Id, string Url, IReadOnlyList<string> Events, string? Description, string Status, string? DisabledReason, DateTimeOffset CreatedAt)
{
    public static WebhookEndpointView From(WebhookEndpoint e) => new(e.Id, e.Url, e.Events, e.Description, e.Status, e.DisabledReason, e.CreatedAt);
}

public sealed record WebhookEndpointList(IReadOnlyList<WebhookEndpointView> Items);

/// <summary>The answer to a creation: the only time the secret is shown.</summary>
public sealed record CreatedWebhookEndpoint(
    Guid Id, string Url, IReadOnlyList<string> Events, string? Description, string Status, string Secret, DateTimeOffset CreatedAt);

public sealed record CreateWebhookEndpointRequest(string? Url, string[]? Events, string? Description);

public sealed record RotatedWebhookSecret(string Secret, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>A delivery; <see cref="Id"/> is its <c>webhook-id</c> (<c>msg_…</c>).</summary>
public sealed record WebhookDeliveryView(
    string Id, Guid EndpointId, string ClientId, string Url, string EventType, string Status, int Attempts, int? LastStatusCode,
    string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Items, int Page, int PageSize, int Total);

public sealed record WebhookAttemptView(int Attempt, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

/// <summary>A delivery with its attempt log, for staff.</summary>
public sealed record WebhookDeliveryDetail(
    string Id, Guid EndpointId, string ClientId, string Url, string EventType, string Status, int Attempts, int? LastStatusCode,
    string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt,
    IReadOnlyList<WebhookAttemptView> AttemptLog);
