using Jade.Contracts.Identity;
using Jade.Messaging;
using Jade.Notifications.Composing;
using Jade.Notifications.Customers;

namespace Jade.Notifications.Customers;

/// <summary>Learns a new customer's language and contact details, then welcomes them, in one inbox transaction.</summary>
internal sealed class CustomerRegistered(NotificationsDb db, Notifier notifier) : IMessageHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered message, MessageContext context, CancellationToken ct)
    {
        if (await db.Customers.FindAsync([message.UserId], ct) is null)
        {
            db.Customers.Add(new CustomerRow
            {
                Id = message.UserId, Language = Languages.Normalize(message.Language), Email = message.Email,
                Phone = string.IsNullOrWhiteSpace(message.PhoneNumber) ? null : message.PhoneNumber, RegisteredAt = message.RegisteredAt,
            });
        }
        await notifier.NotifyAsync(message.UserId, context.MessageId, Templates.Welcome(), ct);
    }
}
