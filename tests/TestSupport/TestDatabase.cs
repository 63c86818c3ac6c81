using System.Security.Cryptography;
using Jade.Persistence;
using Npgsql;

namespace Jade.Testing;

/// <summary>
/// A throw-away database on the local PostgreSQL with one least-privilege role per service schema, exactly as the
/// runner provisions them. Every fixture gets its own, so tests never share state; disposing drops it all.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Dictionary<string, string> _connectionStrings = [];
    private readonly List<string> _roles = [];

    private TestDatabase(string name) => Name = name;

    public string Name { get; }

    public static async Task<TestDatabase> CreateAsync(params string[] schemas)
    {
        var database = new TestDatabase($"t_{RandomNumberGenerator.GetHexString(10, lowercase: true)}");
        await DatabaseProvisioner.EnsureDatabaseAsync(LocalInfrastructure.PostgresAdmin, database.Name);
        foreach (var schema in schemas)
        {
            var role = $"{database.Name}_{schema}";
            var password = RandomNumberGenerator.GetHexString(24);
            await DatabaseProvisioner.EnsureServiceSchemaAsync(LocalInfrastructure.PostgresAdmin, database.Name, schema, role, password);
            database._roles.Add(role);
            database._connectionStrings[schema] =
                DatabaseProvisioner.ConnectionStringFor(LocalInfrastructure.PostgresAdmin, database.Name, role, password);
        }
        return database;
    }

    /// <summary>The connection string of the service role owning <paramref name="schema"/>.</summary>
    public string ConnectionString(string schema) => _connectionStrings[schema];

    /// <summary>An administrative connection to this database, for assertions that look behind a service's back.</summary>
    public NpgsqlConnection OpenAdminConnection()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(LocalInfrastructure.PostgresAdmin) { Database = Name }.ConnectionString);
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(LocalInfrastructure.PostgresAdmin);
        await connection.OpenAsync();
        var sql = $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE);" + string.Concat(_roles.Select(r => $"DROP ROLE IF EXISTS \"{r}\";"));
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
