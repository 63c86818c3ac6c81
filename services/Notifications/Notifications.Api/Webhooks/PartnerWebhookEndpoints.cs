using Jade.Persistence;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Notifications.Webhooks;

/// <summary>
/// <c>/partner/v1/webhooks</c>: a partner bank registers and manages its endpoints and follows its deliveries. The
/// partner is the token's subject (client id); another partner's endpoint or delivery answers 404, exactly like a
/// missing one.
/// </summary>
internal static class PartnerWebhookEndpoints
{
    public static IEndpointRouteBuilder MapPartnerWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/partner/v1/webhooks").WithTags("Partner webhooks").RequireAuthorization(NotificationsPolicies.Partner)
            .RequireRateLimiting(WebhooksFeature.PartnerRateLimit);
        partner.MapPost("/endpoints", CreateAsync).WithName("PartnerCreateWebhookEndpoint");
        partner.MapGet("/endpoints", ListAsync).WithName("PartnerListWebhookEndpoints");
        partner.MapDelete("/endpoints/{id:guid}", DeleteAsync).WithName("PartnerDeleteWebhookEndpoint");
        partner.MapPost("/endpoints/{id:guid}/rotate-secret", RotateSecretAsync).WithName("PartnerRotateWebhookSecret");
        partner.MapPost("/endpoints/{id:guid}/enable", EnableAsync).WithName("PartnerEnableWebhookEndpoint");
        partner.MapGet("/deliveries", ListDeliveriesAsync).WithName("PartnerListWebhookDeliveries");
        partner.MapPost("/deliveries/{id}/replay", ReplayAsync).WithName("PartnerReplayWebhookDelivery");
        return app;
    }

    /// <summary>
    /// Registers an endpoint, subscribed to <c>events</c> (all event types when absent). The answer carries the signing
    /// secret, which is never shown again. Bad input answers 400 naming the field, and nothing is written.
    /// </summary>
    internal static async Task<Results<Created<CreatedWebhookEndpoint>, ValidationProblem>> CreateAsync(
        CreateWebhookEndpointRequest request, HttpContext http, NotificationsDb db, WebhookSecrets secrets, IHostEnvironment environment,
        IOptions<WebhookOptions> options, TimeProvider time, CancellationToken ct)
    {
        var settings = options.Value;
        var errors = new Dictionary<string, string[]>();
        var allowHttp = settings.AllowInsecureUrls || environment.IsDevelopment();
        if (ValidateUrl(request.Url, allowHttp, settings.AllowPrivateAddresses) is { } urlError)
        {
            errors["url"] = [urlError];
        }
        var events = request.Events ?? WebhookEventTypes.All;
        if (events.Length == 0)
        {
            errors["events"] = ["events lists at least one event type; leave it out to receive them all."];
        }
        for (var i = 0; i < events.Length; i++)
        {
            if (!WebhookEventTypes.All.Contains(events[i]))
            {
                errors[$"events[{i}]"] = [$"Unknown event type; use {string.Join(" or ", WebhookEventTypes.All)}."];
            }
        }
        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description is { Length: > WebhookEndpoint.MaxDescriptionLength })
        {
            errors["description"] = [$"description is at most {WebhookEndpoint.MaxDescriptionLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var client = http.User.Subject()!;
        var now = time.GetUtcNow();
        var secret = WebhookSigner.NewSecret();
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(now),
            ClientId = client,
            Url = request.Url!,
            Events = [.. WebhookEventTypes.All.Where(events.Contains)],
            Description = description,
            Status = WebhookEndpoint.Enabled,
            SecretCiphertext = secrets.Protect(secret),
            CreatedAt = now,
        };

        // Counting and adding under a per-partner lock: two creations side by side cannot both take the last place.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.LockUntilCommitAsync($"webhook_endpoints/{client}", ct);
        var count = await db.WebhookEndpoints.CountAsync(e => e.ClientId == client && e.DeletedAt == null, ct);
        if (count >= settings.MaxEndpointsPerPartner)
        {
            await tx.RollbackAsync(ct);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["endpoints"] = [$"A partner has at most {settings.MaxEndpointsPerPartner} endpoints; delete one before adding another."],
            });
        }
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        return TypedResults.Created((string?)null, new CreatedWebhookEndpoint(
            endpoint.Id, endpoint.Url, endpoint.Events, endpoint.Description, endpoint.Status, secret, endpoint.CreatedAt));
    }

    /// <summary>Why <paramref name="url"/> cannot be an endpoint, or null when it can.</summary>
    internal static string? ValidateUrl(string? url, bool allowHttp, bool allowPrivateAddresses)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "url is required.";
        }
        if (url.Length > WebhookEndpoint.MaxUrlLength)
        {
            return $"url is at most {WebhookEndpoint.MaxUrlLength} characters.";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "url must be an absolute https URL.";
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !allowHttp)
        {
            return "url must use https.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "url must not carry credentials; the signature authenticates each request.";
        }
        if (!allowPrivateAddresses && PublicAddresses.IsNeverPublicHost(uri.Host))
        {
            return "url must point to a public address; loopback, private and link-local addresses are refused.";
        }
        return null;
    }

    internal static async Task<Ok<WebhookEndpointList>> ListAsync(HttpContext http, NotificationsDb db, CancellationToken ct)
    {
        var client = http.User.Subject();
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.ClientId == client && e.DeletedAt == null)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync(ct);
        return TypedResults.Ok(new WebhookEndpointList(endpoints.Select(WebhookEndpointView.From).ToList()));
    }

    /// <summary>Deletes the endpoint: its secrets are erased, and its deliveries not yet made are dead.</summary>
    internal static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, HttpContext http, NotificationsDb db, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await FindAsync(db, id, http, ct);
        if (endpoint is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        endpoint.DeletedAt = now;
        endpoint.SecretCiphertext = "";
        endpoint.PreviousSecretCiphertext = null;
        endpoint.PreviousSecretExpiresAt = null;
        await db.SaveChangesAsync(ct);
        await db.WebhookDeliveries
            .Where(d => d.EndpointId == id && (d.Status == WebhookDelivery.Pending || d.Status == WebhookDelivery.Retrying))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDelivery.Dead)
                .SetProperty(d => d.LastError, "The endpoint was deleted.")
                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null), ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A new secret, shown once. The one it replaces keeps signing beside it (two signatures per request) until
    /// <c>previousSecretExpiresAt</c>; a secret replaced earlier stops signing now.
    /// </summary>
    internal static async Task<Results<Ok<RotatedWebhookSecret>, NotFound>> RotateSecretAsync(
        Guid id, HttpContext http, NotificationsDb db, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await FindAsync(db, id, http, ct);
        if (endpoint is null)
        {
            return TypedResults.NotFound();
        }
        var secret = WebhookSigner.NewSecret();
        endpoint.PreviousSecretCiphertext = endpoint.SecretCiphertext;
        endpoint.PreviousSecretExpiresAt = time.GetUtcNow() + options.Value.PreviousSecretLifetime;
        endpoint.SecretCiphertext = secrets.Protect(secret);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RotatedWebhookSecret(secret, endpoint.PreviousSecretExpiresAt));
    }

    /// <summary>Enables the endpoint again (after automatic disabling) with a clean failure record; its waiting deliveries are due now.</summary>
    internal static async Task<Results<Ok<WebhookEndpointView>, NotFound>> EnableAsync(
        Guid id, HttpContext http, NotificationsDb db, WebhookSignal signal, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await FindAsync(db, id, http, ct);
        if (endpoint is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        endpoint.Status = WebhookEndpoint.Enabled;
        endpoint.DisabledReason = null;
        endpoint.DisabledAt = null;
        endpoint.ConsecutiveFailures = 0;
        endpoint.FailingSince = null;
        await db.SaveChangesAsync(ct);
        await db.WebhookDeliveries
            .Where(d => d.EndpointId == id && (d.Status == WebhookDelivery.Pending || d.Status == WebhookDelivery.Retrying))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now), ct);
        await tx.CommitAsync(ct);
        signal.Notify();
        return TypedResults.Ok(WebhookEndpointView.From(endpoint));
    }

    internal static async Task<Results<Ok<WebhookDeliveryPage>, ValidationProblem>> ListDeliveriesAsync(
        HttpContext http, NotificationsDb db, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = WebhookDeliveryQueries.Validate(status, page, pageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var client = http.User.Subject();
        return TypedResults.Ok(await WebhookDeliveryQueries.PageAsync(
            db.WebhookDeliveries.AsNoTracking().Where(d => d.ClientId == client), status, paging, ct));
    }

    /// <summary>Sends the delivery again: same <c>webhook-id</c>, same body, fresh timestamp and signature.</summary>
    internal static async Task<Results<Accepted, NotFound, ProblemHttpResult>> ReplayAsync(
        string id, HttpContext http, NotificationsDb db, WebhookSignal signal, TimeProvider time, CancellationToken ct)
    {
        if (WebhookIds.Parse(id) is not { } deliveryId)
        {
            return TypedResults.NotFound();
        }
        var (outcome, _) = await WebhookDeliveryQueries.ReplayAsync(db, deliveryId, http.User.Subject(), time.GetUtcNow(), null, ct);
        return WebhookDeliveryQueries.AnswerReplay(outcome, signal);
    }

    private static Task<WebhookEndpoint?> FindAsync(NotificationsDb db, Guid id, HttpContext http, CancellationToken ct)
    {
        var client = http.User.Subject();
        return db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id && e.ClientId == client && e.DeletedAt == null, ct);
    }
}
