using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Persistence;

public static class ServiceCommands
{
    /// <summary>
    /// Runs the host, or with <c>--migrate</c> applies the service's migrations and exits, which is how
    /// non-development environments (e.g. a Kubernetes Job) migrate.
    /// </summary>
    public static async Task RunWithCommandsAsync(this WebApplication app, string[] args)
    {
        if (args.Contains("--migrate"))
        {
            foreach (var migrator in app.Services.GetServices<IDatabaseMigrator>())
            {
                await migrator.MigrateAsync(CancellationToken.None);
            }
            return;
        }
        await app.RunAsync();
    }
}
