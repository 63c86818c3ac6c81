using System.Text;
using System.Text.Json;
using Jade.Payments.HeldPayments;
using Jade.Payments.Orders;
using Jade.Payments.Sagas;
using Jade.Payments.Incoming;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Payments.Channels;

/// <summary>
/// The channels' asynchronous notifications. Each must carry a fresh HMAC signature made with that channel's secret;
/// anything else is refused with 401, logged, and changes nothing. A verified notification is recorded under its event
/// id and applied to its order in one transaction, so a redelivery is recognised and ignored, and one that arrives out
/// of order meets a saga that only moves forward.
/// </summary>
public static class ChannelWebhooks
{
    public const string AcquirerPath = "webhooks/payments/acquirer";
    public const string PayoutsPath = "webhooks/payments/payouts";
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapChannelWebhooks(this IEndpointRouteBuilder app)
    {
        // ReceiveAsync answers a plain IResult, which describes nothing: 200 recorded (or a redelivery), 400 not a
        // notification, 401 missing, wrong or stale signature, 413 over 64 KiB.
        var hooks = app.MapGroup("/webhooks/payments").WithTags("Channel notifications").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        hooks.MapPost("/acquirer", (HttpContext http, IOptions<ChannelOptions> o) => ReceiveAsync(http, "acquirer", o.Value.Acquirer.Secret))
            .WithName("AcquirerNotification").Produces(StatusCodes.Status200OK);
        hooks.MapPost("/payouts", (HttpContext http, IOptions<ChannelOptions> o) => ReceiveAsync(http, "payouts", o.Value.Payouts.Secret))
            .WithName("PayoutNotification").Produces(StatusCodes.Status200OK);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, string channel, string secret)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChannelWebhooks));
        var time = services.GetRequiredService<TimeProvider>();
        var ct = http.RequestAborted;
        if (http.Request.ContentLength > MaxBodyBytes) return Results.Problem("Notification too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        var body = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(ct);
        var headers = http.Request.Headers;
        var timestamp = headers[ChannelSignature.TimestampHeader].ToString();
        var expected = ChannelSignature.ForNotification(secret, long.TryParse(timestamp, out var t) ? t : 0, body);
        if (secret.Length == 0 || !ChannelSignature.Matches(headers[ChannelSignature.SignatureHeader], expected, timestamp, time.GetUtcNow()))
        {
            logger.LogWarning("Rejected a {Channel} notification {EventId} from {Remote}: missing, wrong or stale signature",
                channel, headers[ChannelSignature.EventIdHeader].ToString(), http.Connection.RemoteIpAddress);
            return Results.Problem("Missing, wrong or stale signature.", statusCode: StatusCodes.Status401Unauthorized);
        }
        ChannelNotification? notification;
        try
        {
            notification = JsonSerializer.Deserialize<ChannelNotification>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            notification = null;
        }
        if (notification is not { Id.Length: > 0 and <= 100, Type.Length: > 0, ObjectId.Length: > 0, Reference.Length: > 0 })
        {
            return Results.Problem("The notification is not one this endpoint understands.", statusCode: StatusCodes.Status400BadRequest);
        }

        var db = services.GetRequiredService<PaymentsDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var recorded = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO payments.channel_notifications (channel, event_id, type, object_id, reference, payload, received_at, outcome)
            VALUES ({channel}, {notification.Id}, {notification.Type}, {notification.ObjectId}, {notification.Reference}, {body}::jsonb, {time.GetUtcNow()}, 'ignored')
            ON CONFLICT DO NOTHING
            """, ct);
        if (recorded == 0)
        {
            logger.LogInformation("Duplicate {Channel} notification {EventId} ignored", channel, notification.Id);
            return Results.Ok();
        }
        var outcome = await ApplyAsync(services, channel, notification, logger, ct);
        await db.ChannelNotifications.Where(n => n.Channel == channel && n.EventId == notification.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Outcome, outcome), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Results.Ok();
    }

    private static async Task<string> ApplyAsync(IServiceProvider services, string channel, ChannelNotification n, ILogger logger, CancellationToken ct)
    {
        var store = services.GetRequiredService<SagaStore>();
        var order = Guid.TryParse(n.Reference, out var id) ? await store.LockAsync(id, ct) : null;
        var expectedKinds = channel == "acquirer" ? PaymentKinds.Charged : PaymentKinds.PaidOut;
        if (order is null || !expectedKinds.Contains(order.Kind) || order.AmountMinor != n.Amount || order.Currency != n.Currency)
        {
            // Money moved at the channel for something Jade cannot match: reconciliation turns it into a suspense item.
            logger.LogError("{Channel} notification {EventId} for {Reference} ({Amount} {Currency}) matches no order", channel, n.Id, n.Reference, n.Amount, n.Currency);
            return "unmatched";
        }
        var before = (order.Status, order.Timeline.Count);
        if (channel == "acquirer" && n.Type.StartsWith("refund.", StringComparison.Ordinal))
        {
            services.GetRequiredService<TopUpRefunds>().Apply(order, n.Status, n.FailureCode);
        }
        else if (channel == "acquirer")
        {
            store.Send(order, services.GetRequiredService<IncomingPaymentSaga>().OnCharge(order, n.Status, n.FailureCode, null));
        }
        else if (n.Status is ChannelStatuses.Succeeded or ChannelStatuses.Failed)
        {
            store.Send(order, services.GetRequiredService<HeldPaymentSaga>().OnPayoutResult(order, n.Status == ChannelStatuses.Succeeded, n.FailureCode, n.ObjectId));
        }
        return (order.Status, order.Timeline.Count) == before ? "ignored" : "applied";
    }
}
