using Jade.Notifications.Live;
using Microsoft.AspNetCore.SignalR;

namespace Jade.Notifications.Deliveries;

public static class DeliveryFeature
{
    /// <summary>E-mail (SMTP), SMS (the provider's HTTP API), the worker that sends them, and the live hub.</summary>
    public static IHostApplicationBuilder AddNotificationDelivery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>().BindConfiguration("Notifications:Delivery");
        services.AddOptions<SmtpOptions>().BindConfiguration("Notifications:Smtp");
        services.AddOptions<SmsOptions>().BindConfiguration("Notifications:Sms");
        services.AddScoped<EmailSender>();
        services.AddHttpClient<SmsSender>((sp, http) =>
            http.BaseAddress = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmsOptions>>().Value.BaseUrl);
        services.AddSingleton<DeliverySignal>();
        services.AddHostedService<DeliveryWorker>();
        services.AddSignalR();
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddHostedService<LiveListener>();
        return builder;
    }
}
