using System.Text.RegularExpressions;
using Npgsql;

namespace Jade.Persistence;

/// <summary>
/// Creates a service's schema and the login role that owns it and nothing else. Run with an administrative
/// connection by the local runner and by tests; in Kubernetes the same statements come from the database operator.
/// </summary>
public static partial class DatabaseProvisioner
{
    public static async Task EnsureDatabaseAsync(string adminConnectionString, string database, CancellationToken ct = default)
    {
        RequireIdentifier(database);
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    public static async Task EnsureServiceSchemaAsync(
        string adminConnectionString, string database, string schema, string role, string password, CancellationToken ct = default)
    {
        RequireIdentifier(database);
        RequireIdentifier(schema);
        RequireIdentifier(role);
        if (!PasswordPattern().IsMatch(password))
        {
            throw new ArgumentException("Generated passwords are alphanumeric.", nameof(password));
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        var sql = $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                CREATE ROLE "{role}" LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE;
              ELSE
                ALTER ROLE "{role}" LOGIN PASSWORD '{password}';
              END IF;
            END $$;
            REVOKE ALL ON DATABASE "{database}" FROM PUBLIC;
            GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{role}";
            REVOKE ALL ON SCHEMA public FROM PUBLIC;
            CREATE SCHEMA IF NOT EXISTS "{schema}" AUTHORIZATION "{role}";
            ALTER ROLE "{role}" IN DATABASE "{database}" SET search_path = "{schema}";
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static string ConnectionStringFor(string adminConnectionString, string database, string role, string password) =>
        new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = database,
            Username = role,
            Password = password,
        }.ConnectionString;

    private static void RequireIdentifier(string name)
    {
        if (!IdentifierPattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain lower-case identifier.", nameof(name));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[A-Za-z0-9]{16,128}$")]
    private static partial Regex PasswordPattern();
}
