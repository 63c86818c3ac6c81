namespace Jade.Testing;

/// <summary>
/// Where the PostgreSQL and RabbitMQ started by <c>deploy/local/infra.sh</c> are: from the environment the test
/// command exports, or else from the secrets that script generated in the repository's <c>.jade</c> folder.
/// </summary>
public static class LocalInfrastructure
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("JADE_PG_ADMIN") is { Length: > 0 } value
            ? value
            : $"Host=127.0.0.1;Port=5433;Username=jade_admin;Password={ReadSecret("postgres-admin")};Database=postgres";

    public static Uri RabbitMq =>
        new(Environment.GetEnvironmentVariable("JADE_RABBITMQ") is { Length: > 0 } value ? value : "amqp://guest:guest@127.0.0.1:5673/");

    public static Uri RabbitMqApi =>
        new(Environment.GetEnvironmentVariable("JADE_RABBITMQ_API") is { Length: > 0 } value ? value : "http://guest:guest@127.0.0.1:15673/api/");

    /// <summary>rabbitmqctl bound to the local node, for tests that take the broker down.</summary>
    public static string RabbitMqCtl => Path.Combine(RepositoryRoot, "deploy", "local", "rabbitmqctl.sh");

    private static string ReadSecret(string name)
    {
        var path = Path.Combine(RepositoryRoot, ".jade", "secrets", name);
        return File.Exists(path)
            ? File.ReadAllText(path).Trim()
            : throw new InvalidOperationException($"{path} is missing: start the local infrastructure with the README's test command.");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Jade.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (Jade.slnx) above the test binaries.");
    }
}
