using System.Security.Cryptography;
using System.Text;
using Jade.Testing;
using Npgsql;

namespace Jade.Deploy.Tests.Operations;

/// <summary>
/// The ledger's books as text: every account with its four balances, every transfer and every hold's status, each
/// table in id order through <c>COPY … TO STDOUT</c>, so equal books are equal bytes.
/// </summary>
internal sealed record LedgerBooks(string Accounts, string Transfers, string HoldStatuses)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Accounts + Transfers + HoldStatuses)));

    public static async Task<LedgerBooks> ReadAsync(string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(LocalInfrastructure.PostgresAdmin) { Database = database }.ConnectionString);
        await connection.OpenAsync();
        return new LedgerBooks(
            await CopyAsync(connection, "SELECT * FROM ledger.accounts ORDER BY id"),
            await CopyAsync(connection, "SELECT * FROM ledger.transfers ORDER BY id"),
            await CopyAsync(connection, "SELECT * FROM ledger.pending_status ORDER BY transfer_id"));
    }

    private static async Task<string> CopyAsync(NpgsqlConnection connection, string query)
    {
        using var reader = await connection.BeginTextExportAsync($"COPY ({query}) TO STDOUT");
        return await reader.ReadToEndAsync();
    }
}
