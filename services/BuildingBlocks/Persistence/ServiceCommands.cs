using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Persistence;

/// <summary>
/// An operator command a service host runs instead of serving, selected by its <see cref="Name"/> on the command line
/// (e.g. <c>--verify</c>). The process exits with the returned code, so a Job or script can act on it.
/// </summary>
public interface IServiceCommand
{
    /// <summary>The command-line flag, including the leading dashes.</summary>
    string Name { get; }

    /// <summary>Runs against the built (not started) host's services; 0 means success.</summary>
    Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}

public static class ServiceCommands
{
    public const string Migrate = "--migrate";

    public static IServiceCollection AddServiceCommand<TCommand>(this IServiceCollection services)
        where TCommand : class, IServiceCommand =>
        services.AddSingleton<IServiceCommand, TCommand>();

    /// <summary>
    /// Runs the host, or with <c>--migrate</c> applies the service's migrations and exits, which is how
    /// non-development environments (e.g. a Kubernetes Job) migrate, or with a registered command's flag runs that
    /// command and exits with its code.
    /// </summary>
    public static async Task RunWithCommandsAsync(this WebApplication app, string[] args)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (await app.Services.RunCommandAsync(args, cancel.Token) is { } exitCode)
            {
                Environment.ExitCode = exitCode;
                return;
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        await app.RunAsync();
    }

    /// <summary>
    /// Runs the command the arguments name and returns its exit code, or null when they name none (serve).
    /// <c>--migrate</c> is built in and runs first, so <c>--migrate --verify</c> migrates, then verifies.
    /// </summary>
    public static async Task<int?> RunCommandAsync(this IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        int? exitCode = null;
        if (args.Contains(Migrate))
        {
            foreach (var migrator in services.GetServices<IDatabaseMigrator>())
            {
                await migrator.MigrateAsync(cancellationToken);
            }
            exitCode = 0;
        }
        foreach (var command in services.GetServices<IServiceCommand>().Where(c => args.Contains(c.Name)))
        {
            exitCode = await command.RunAsync(services, cancellationToken);
            if (exitCode != 0) break;
        }
        return exitCode;
    }
}
