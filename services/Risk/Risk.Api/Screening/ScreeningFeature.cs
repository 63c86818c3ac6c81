using System.Diagnostics.Metrics;
using Jade.Contracts.Identity;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Persistence;
using Jade.Risk.Behaviour;
using Jade.Risk.Customers;
using Jade.Risk.Decisions;
using Jade.Risk.Rules;
using Jade.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Jade.Risk.Screening;

public static class ScreeningFeature
{
    public static IHostApplicationBuilder AddTransactionScreening(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(RiskDb.Schema)!;
        var services = builder.Services;
        services.AddSingleton(_ => NpgsqlDataSource.Create(ServiceDatabase.Tuned(connectionString)));
        services.AddSingleton<BehaviourTracker>();
        services.AddSingleton<DecisionReplay>();
        services.AddSingleton<CustomerDirectory>();
        services.AddSingleton<RuleBook>();
        services.AddSingleton<DecisionSql>();
        services.AddSingleton<DecisionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionWriter>());
        services.AddSingleton<TransactionScreener>();
        services.AddSingleton<ScreeningService>();
        services.AddSingleton<ScreeningReadiness>();
        services.AddSingleton<IDatabaseMigrator, StarterRuleSeeder>();
        services.AddHostedService<ScreeningWarmup>();
        services.AddHostedService<RuleBookRefresher>();
        services.AddHostedService<BehaviourSweeper>();
        services.AddScoped<ScreeningBatch>();
        services.AddScoped<IInboxBatchParticipant>(sp => sp.GetRequiredService<ScreeningBatch>());
        services.AddMessageHandler<ScreenTransaction, ScreenTransactionHandler>();
        services.AddMessageHandler<UserRegistered, RecordRegisteredCustomer>();
        services.AddMessageHandler<KycVerified, RecordKycLevel>();
        services.AddHealthChecks().AddCheck<ScreeningReadiness>("screening-state", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}

/// <summary>
/// Ready once customers, rules and the last 7 days of behaviour are in memory. Until then HTTP screenings get 503 (the
/// caller retries) and bus screenings wait (<see cref="WaitAsync"/>): a decision taken on half-loaded state would be
/// recorded for good.
/// </summary>
public sealed class ScreeningReadiness : IHealthCheck
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _summary;

    public bool IsReady => _summary is not null;

    /// <summary>Completes when the state is loaded (at once if it is); throws when <paramref name="ct"/> is cancelled first.</summary>
    public Task WaitAsync(CancellationToken ct) => _ready.Task.WaitAsync(ct);

    public void MarkReady(string summary)
    {
        _summary = summary;
        _ready.TrySetResult();
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_summary is { } s ? HealthCheckResult.Healthy(s) : HealthCheckResult.Unhealthy("loading screening state"));
}

/// <summary>
/// Rebuilds the in-memory state from the database at start-up: the behaviour windows are replayed from the
/// decisions of the last 7 days in the order they happened (declined ones never moved money, so they are skipped).
/// </summary>
internal sealed class ScreeningWarmup(
    IServiceScopeFactory scopes, BehaviourTracker tracker, DecisionReplay history, CustomerDirectory customers, RuleBook rules,
    ScreeningReadiness readiness, TimeProvider time, ILogger<ScreeningWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A failed attempt may have replayed part of the week: start again from nothing, or it would count twice.
                tracker.Clear();
                // The replay reads with its own connection and is most of the work: customers and rules load meanwhile.
                var replay = history.ReplayAsync(time.GetUtcNow().AddDays(-7), tracker.Record, stoppingToken);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<RiskDb>();
                    await customers.LoadAsync(db, stoppingToken);
                    await rules.LoadAsync(db, stoppingToken);
                }
                finally
                {
                    // Whatever failed, the next attempt's Clear must not race a replay still recording.
                    await ((Task)replay).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                var replayed = await replay;
                readiness.MarkReady($"{rules.Rules.Count} rules, {replayed} transactions replayed");
                logger.LogInformation("Screening state loaded: {Rules} rules, {Replayed} transactions of the last 7 days", rules.Rules.Count, replayed);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Loading screening state failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}

/// <summary>Forgets customers and devices idle for seven days, so memory follows the active population, and shows
/// what the tracker holds as gauges: <c>jade_risk_behaviour_keys</c> by <c>kind</c> (account, device) and
/// <c>jade_risk_behaviour_pooled_bytes</c>.</summary>
internal sealed class BehaviourSweeper : BackgroundService
{
    private readonly BehaviourTracker _tracker;
    private readonly TimeProvider _time;

    public BehaviourSweeper(BehaviourTracker tracker, TimeProvider time, IMeterFactory meters)
    {
        (_tracker, _time) = (tracker, time);
        var meter = meters.Create("Jade.Risk");
        meter.CreateObservableGauge("jade.risk.behaviour.keys", () => new[]
        {
            new Measurement<int>(tracker.Size.Accounts, new KeyValuePair<string, object?>("kind", "account")),
            new Measurement<int>(tracker.Size.Devices, new KeyValuePair<string, object?>("kind", "device")),
        }, description: "Accounts and devices whose last seven days the behaviour tracker holds");
        meter.CreateObservableGauge("jade.risk.behaviour.pooled", () => tracker.PooledBytes, unit: "By",
            description: "Memory the behaviour tracker's block pools hold for events, counterparty counts and known sets");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) _tracker.Sweep(_time.GetUtcNow());
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
