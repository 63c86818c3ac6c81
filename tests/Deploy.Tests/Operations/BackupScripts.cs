using Jade.Deploy.Tests.Observability;
using Jade.Testing;
using Npgsql;

namespace Jade.Deploy.Tests.Operations;

/// <summary>deploy/backup.sh, deploy/restore.sh and deploy/local/restore-drill.sh, run as an operator runs them against the local PostgreSQL.</summary>
internal static class BackupScripts
{
    public static Task<ToolRun> BackupAsync(params string[] arguments) => RunAsync("deploy/backup.sh", arguments);

    public static Task<ToolRun> RestoreAsync(params string[] arguments) => RunAsync("deploy/restore.sh", arguments);

    public static Task<ToolRun> DrillAsync(params string[] arguments) => RunAsync("deploy/local/restore-drill.sh", arguments,
        // The verifier from this test's own build output, where the ledger's project reference put it.
        ("JADE_LEDGER_API_DLL", Path.Combine(AppContext.BaseDirectory, "Ledger.Api.dll")));

    private static async Task<ToolRun> RunAsync(string script, string[] arguments, params (string, string)[] extra)
    {
        var admin = new NpgsqlConnectionStringBuilder(LocalInfrastructure.PostgresAdmin);
        // Default backup folders (the drill's) land in a folder of this run, not in the repository's .jade.
        var data = Directory.CreateTempSubdirectory("jade-backup-scripts-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = admin.Host!,
            ["PGPORT"] = admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = admin.Username!,
            ["PGPASSWORD"] = admin.Password!,
            ["JADE_DATA"] = data,
        };
        foreach (var (key, value) in extra) environment[key] = value;
        try
        {
            return await Tool.RunAsync(Tool.Find("bash", "bash"), [Path.Combine(RepositoryPaths.Root, script), .. arguments], environment: environment);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
