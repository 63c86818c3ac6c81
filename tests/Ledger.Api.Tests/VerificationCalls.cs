using System.Net.Http.Json;
using Jade.Ledger.Verification;

namespace Jade.Ledger.Api.Tests;

/// <summary>The operator check through its staff endpoint, and admin SQL that corrupts the ledger behind its back.</summary>
public static class VerificationCalls
{
    public const string AuditScope = "ledger.audit";

    public static HttpClient AuditorClient(this LedgerApp app) => app.ClientWith(app.Token("ops", AuditScope));

    public static async Task<VerificationReport> VerifyLedgerAsync(this LedgerApp app)
    {
        using var auditor = app.AuditorClient();
        var response = await auditor.GetAsync("/api/ledger/verification");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<VerificationReport>())!;
    }

    public static async Task<int> AdminExecuteAsync(this LedgerApp app, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = app.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }
}
