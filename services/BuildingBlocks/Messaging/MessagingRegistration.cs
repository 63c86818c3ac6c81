using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jade.Messaging;

public static class MessagingRegistration
{
    /// <summary>Configuration section of <see cref="InboxOptions"/>; the transports read it too, to size their prefetch.</summary>
    public const string InboxSection = "Inbox";

    /// <summary>Outbox and inbox on <typeparamref name="TContext"/>, whose model must call <see cref="MessagingModel.AddOutboxAndInbox"/>.</summary>
    public static IServiceCollection AddOutboxAndInbox<TContext>(this IServiceCollection services) where TContext : DbContext
    {
        services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxCommitSignal>();
        services.ConfigureDbContext<TContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<OutboxCommitSignal>()));
        services.AddScoped<IOutbox, EfOutbox<TContext>>();
        services.AddScoped(sp => new InboxDbContextAccessor(sp.GetRequiredService<TContext>()));
        services.AddOptions<InboxOptions>().BindConfiguration(InboxSection);
        services.TryAddSingleton<MessageDispatcher>();
        services.AddHostedService<OutboxRelay<TContext>>();
        services.AddHostedService<OutboxBacklogSampler<TContext>>();
        return services;
    }

    public static IServiceCollection AddMessageHandler<TMessage, THandler>(this IServiceCollection services)
        where TMessage : class
        where THandler : class, IMessageHandler<TMessage>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new HandlerRegistration(typeof(TMessage), typeof(THandler)));
        return services;
    }
}
