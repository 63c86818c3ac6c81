using Jade.Persistence;

namespace Jade.Identity.Seeding;

internal static class DevSeedCommand
{
    public const string Flag = "--seed-dev";

    public static IServiceCollection AddDevSeeding(this IServiceCollection services) => services.AddScoped<DevSeeder>();

    /// <summary>
    /// <c>--seed-dev &lt;path&gt;</c>: seeds development data and exits (after migrating when <c>--migrate</c> is given too).
    /// Refused in Production, where demo accounts must never exist. Returns false when the flag is absent.
    /// </summary>
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        var index = Array.IndexOf(args, Flag);
        if (index < 0)
        {
            return false;
        }
        if (index + 1 >= args.Length || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{Flag} needs the path of the credentials file to write.");
        }
        if (app.Environment.IsProduction())
        {
            throw new InvalidOperationException($"{Flag} is refused in Production.");
        }
        if (args.Contains("--migrate"))
        {
            foreach (var migrator in app.Services.GetServices<IDatabaseMigrator>())
            {
                await migrator.MigrateAsync(CancellationToken.None);
            }
        }
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DevSeeder>().SeedAsync(args[index + 1], CancellationToken.None);
        return true;
    }
}
