using System.Globalization;
using System.Text.Json;
using Jade.Persistence;

namespace Jade.Payments.Reconciliation;

public static class ReconciliationFeature
{
    public static IServiceCollection AddReconciliation(this IServiceCollection services) => services
        .AddScoped<Reconciler>()
        .AddServiceCommand<ReconcileCommand>();
}

/// <summary>
/// <c>--reconcile</c>: reconciles the day named by <c>Payments:Reconcile:Date</c> (yyyy-MM-dd, UTC; yesterday when
/// unset), prints the report as JSON and exits 0 when nothing new was found, 2 when suspense items were opened — so a
/// scheduled Job can alert on its exit code.
/// </summary>
internal sealed class ReconcileCommand(IConfiguration configuration, TimeProvider time) : IServiceCommand
{
    public string Name => "--reconcile";

    public async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var setting = configuration["Payments:Reconcile:Date"];
        var date = setting is null
            ? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1)
            : DateOnly.ParseExact(setting, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var scope = services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<Reconciler>().ReconcileAsync(date, cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
        return report.NewSuspenseItems == 0 ? 0 : 2;
    }
}
