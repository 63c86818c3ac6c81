using Jade.Notifications.Customers;
using Jade.Notifications.Deliveries;
using Jade.Notifications.Inbox;
using Jade.Notifications.Live;
using Jade.Notifications.Preferences;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Composing;

/// <summary>
/// Turns one event into what a customer receives: an inbox entry and the e-mail and SMS their preferences allow, all
/// written in the consuming handler's inbox transaction. Sending happens after commit (<see cref="DeliveryWorker"/>), so
/// a slow mail server never holds up the bus, and a redelivered event finds its inbox record and adds nothing.
/// </summary>
public sealed class Notifier(NotificationsDb db, TimeProvider time)
{
    public async Task NotifyAsync(Guid userId, Guid sourceEventId, NotificationContent content, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var choice = await PreferenceEndpoints.ChoiceAsync(db, userId, content.Category, ct);
        var customer = await db.Customers.FindAsync([userId], ct);

        if (choice.InApp)
        {
            var notification = new Notification
            {
                Id = Guid.CreateVersion7(now), UserId = userId, Category = content.Category, Kind = content.Kind,
                SourceEventId = sourceEventId, Title = content.Title, Body = content.Body, Link = content.Link, CreatedAt = now,
            };
            db.Notifications.Add(notification);
            await LiveSignals.NewMessageAsync(db, userId, notification.Id, ct);
        }
        // Without a directory entry (identity's announcement not yet here) there is no address: the inbox still has it.
        if (customer is null) return;
        var language = Languages.Normalize(customer.Language);
        var title = language == Languages.English ? content.Title.En : content.Title.ZhCn;
        var body = language == Languages.English ? content.Body.En : content.Body.ZhCn;
        var queued = false;
        if (choice.Email && customer.Email is { } email)
        {
            db.Deliveries.Add(Delivery(Channels.Email, email, Masking.Email(email), title, body));
            queued = true;
        }
        if (choice.Sms && customer.Phone is { } phone)
        {
            db.Deliveries.Add(Delivery(Channels.Sms, phone, Masking.Phone(phone), null, SmsText(language, body)));
            queued = true;
        }
        if (queued) await LiveSignals.DeliveriesWaitingAsync(db, ct);

        DeliveryRow Delivery(string channel, string recipient, string masked, string? subject, string text) => new()
        {
            Id = Guid.CreateVersion7(now), UserId = userId, SourceEventId = sourceEventId, Channel = channel, Kind = content.Kind,
            Language = language, Recipient = recipient, RecipientMasked = masked, Subject = subject, Body = text,
            NextAttemptAt = now, CreatedAt = now,
        };
    }

    // Carriers and Chinese regulation expect the sender's name in brackets at the start of every message.
    private static string SmsText(string language, string body) => language == Languages.English ? $"[Jade] {body}" : $"【Jade】{body}";
}
