using Jade.Contracts.Identity;
using Jade.Messaging;
using Jade.Notifications.Inbox;

namespace Jade.Notifications.Welcome;

public static class WelcomeFeature
{
    public static IServiceCollection AddWelcomeFeature(this IServiceCollection services) =>
        services.AddMessageHandler<UserRegistered, WelcomeNewCustomer>();
}

/// <summary>Greets every new customer in the inbox. Runs inside the inbox transaction, so a redelivery adds nothing.</summary>
internal sealed class WelcomeNewCustomer(NotificationsDb db, TimeProvider time) : IMessageHandler<UserRegistered>
{
    public const string Category = "welcome";

    public Task HandleAsync(UserRegistered message, MessageContext context, CancellationToken cancellationToken)
    {
        db.Notifications.Add(new Notification
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            UserId = message.UserId,
            Category = Category,
            Title = new LocalizedText("欢迎加入 Jade", "Welcome to Jade"),
            Body = new LocalizedText(
                "您的账户已开通。建议先在“安全设置”页面开启两步验证，保护您的资金安全。",
                "Your account is ready. We recommend turning on two-step verification on the Security page to protect your money."),
            CreatedAt = time.GetUtcNow(),
        });
        return Task.CompletedTask;
    }
}
