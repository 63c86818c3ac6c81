using Jade.Contracts.Ledger;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Payments.HeldPayments;
using Jade.Payments.Limits;
using Jade.Payments.Incoming;

namespace Jade.Payments.Sagas;

public static class SagaRegistration
{
    public static IServiceCollection AddPaymentSagas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SagaOptions>().Bind(configuration.GetSection("Payments:Saga"));
        services.AddOptions<LimitOptions>().Bind(configuration.GetSection("Payments:Limits"));
        services.AddSingleton<SagaReplyLag>();
        services.AddSingleton<SagaClock>();
        services.AddSingleton<HeldPaymentSaga>();
        services.AddSingleton<IncomingPaymentSaga>();
        services.AddScoped<SagaStore>();
        services.AddScoped<IInboxBatchParticipant>(sp => sp.GetRequiredService<SagaStore>());
        // Every payments handler finds its rows through SagaStore (tracked) or writes with SQL nothing another handler
        // reads back, so a batch of saga replies saves once.
        services.Configure<InboxOptions>(o => o.SaveOncePerBatch = true);
        services.AddScoped<PaymentLimits>();
        services.AddScoped<OutgoingPayment>();
        services.AddScoped<OrderDeadlines>();
        services.AddScoped<TopUpRefunds>();
        services.AddHostedService<SagaDeadlines>();
        services.AddSingleton<SagaMetrics>();
        services.AddHostedService<SagaMetricsSampler>();
        return services
            .AddMessageHandler<LedgerCommandCompleted, LedgerReplyHandler>()
            .AddMessageHandler<TransactionScreened, ScreeningReplyHandler>()
            .AddMessageHandler<CaseResolved, CaseResolvedHandler>();
    }
}
