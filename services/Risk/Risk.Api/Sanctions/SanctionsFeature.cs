using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Jade.ServiceDefaults;

namespace Jade.Risk.Sanctions;

public static class SanctionsFeature
{
    public static IHostApplicationBuilder AddSanctionsScreening(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SanctionsOptions>().Bind(builder.Configuration.GetSection("Sanctions"))
            .Validate(o => o.Threshold is > 0 and <= 1, "Sanctions:Threshold must be in (0, 1].")
            .ValidateOnStart();
        builder.Services.AddSingleton(LoadIndex);
        builder.Services.AddSingleton<SanctionsMatcher>();
        // Load at start-up, not on the first screen: a missing or broken list must stop the instance taking traffic.
        builder.Services.AddHostedService<WarmUp<SanctionsIndex>>();
        builder.Services.AddHealthChecks().AddCheck<SanctionsListHealthCheck>("sanctions-list", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    private static SanctionsIndex LoadIndex(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SanctionsOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Jade.Risk.Sanctions");
        var folder = ResolveFolder(options.ListPath, environment.ContentRootPath);
        var clock = Stopwatch.StartNew();
        var index = new SanctionsIndex(SanctionsListLoader.Load(folder));
        logger.LogInformation("Sanctions list loaded from {Folder}: {Entries} entries, {Names} names in {Elapsed} ms",
            folder, index.Entries.Count, index.NameCount, clock.ElapsedMilliseconds);
        return index;
    }

    /// <summary>A relative path is looked up next to the binaries (where the build copies the bundled list), then under
    /// the content root (dotnet run from the project folder).</summary>
    internal static string ResolveFolder(string listPath, string contentRoot)
    {
        if (Path.IsPathRooted(listPath)) return listPath;
        var besideBinaries = Path.Combine(AppContext.BaseDirectory, listPath);
        return File.Exists(Path.Combine(besideBinaries, "sdn.csv")) ? besideBinaries : Path.Combine(contentRoot, listPath);
    }
}

internal sealed class SanctionsListHealthCheck(SanctionsIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(index.Entries.Count > 0
            ? HealthCheckResult.Healthy($"{index.Entries.Count} entries")
            : HealthCheckResult.Unhealthy("the sanctions list is empty"));
}
