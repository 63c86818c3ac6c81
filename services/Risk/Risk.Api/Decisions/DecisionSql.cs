using Jade.Messaging;
using Jade.Persistence;
using Jade.Risk.Cases;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using NpgsqlTypes;

namespace Jade.Risk.Decisions;

/// <summary>A decision to record, with the case it opens and the messages it publishes, all or nothing.</summary>
public sealed record DecisionWrite(DecisionRow Decision, CaseRow? Case, IReadOnlyList<OutboxMessage> Outbox);

/// <summary>
/// Writes decisions in bulk on a caller's connection and transaction: the group-commit writer's batches and the
/// bus handler's inbox transaction share it. A transaction id already decided is skipped with its case and
/// messages, so a retried request never records, opens or publishes twice.
/// </summary>
public sealed class DecisionSql(IDataProtectionProvider dataProtection)
{
    private const string S = RiskDb.Schema;
    private readonly IDataProtector _pii = dataProtection.CreateProtector(PersonalDataColumns.Purpose);

    /// <returns>The transaction ids this call inserted; the others were decided before.</returns>
    /// <remarks>
    /// One statement, so one round trip: the decisions, then the cases and outbox rows of only those decisions that
    /// were new. Outside a transaction it commits on its own (a single statement is atomic); inside one (the bus
    /// path's inbox transaction) it commits with it.
    /// </remarks>
    public async Task<HashSet<Guid>> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<DecisionWrite> writes, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(WriteSql, connection, transaction);
        AddDecisionParameters(command, [.. writes.Select(w => w.Decision)]);
        AddCaseParameters(command, [.. writes.Select(w => w.Case).OfType<CaseRow>()]);
        AddOutboxParameters(command, [.. writes.SelectMany(w => w.Outbox.Select(m => (w.Decision.TransactionId, m)))]);
        // Prepared once per physical connection (Npgsql keeps it across pool rentals): the three-part statement is
        // otherwise parsed and planned for every batch, which cost PostgreSQL more than the inserts themselves.
        await command.PrepareAsync(ct);
        var inserted = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) inserted.Add(reader.GetGuid(0));
        return inserted;
    }

    private const string WriteSql =
        "WITH inserted AS (" + InsertDecisionsSql + "), " +
        "new_cases AS (" + InsertCasesSql + "), " +
        "new_messages AS (" + InsertOutboxSql + ") " +
        "SELECT transaction_id FROM inserted";

    private const string InsertDecisionsSql =
        $"INSERT INTO {S}.decisions (id, transaction_id, type, amount, currency, payer_id, payee_id, payee_name, channel, device_id, " +
        "ip_address, occurred_at, decided_at, outcome, score, model_score, model_version, reasons, shadow_reasons, case_id) " +
        "SELECT u.id, u.transaction_id, u.type, u.amount, u.currency, u.payer_id, u.payee_id, u.payee_name, u.channel, u.device_id, " +
        "u.ip_address, u.occurred_at, u.decided_at, u.outcome, u.score, u.model_score, u.model_version, u.reasons::jsonb, " +
        "u.shadow_reasons::jsonb, u.case_id " +
        "FROM unnest(@id, @transaction_id, @type, @amount, @currency, @payer_id, @payee_id, @payee_name, @channel, @device_id, " +
        "@ip_address, @occurred_at, @decided_at, @outcome, @score, @model_score, @model_version, @reasons, @shadow_reasons, @case_id) " +
        "AS u(id, transaction_id, type, amount, currency, payer_id, payee_id, payee_name, channel, device_id, ip_address, occurred_at, " +
        "decided_at, outcome, score, model_score, model_version, reasons, shadow_reasons, case_id) " +
        "ON CONFLICT (transaction_id) DO NOTHING RETURNING transaction_id";

    // A transaction case's subject is its transaction: only cases of decisions inserted just now.
    private const string InsertCasesSql =
        $"INSERT INTO {S}.cases (id, kind, status, customer_id, subject_id, decision_id, opened_at, score, reasons, summary, subject_name, context) " +
        "SELECT u.id, u.kind, u.status, u.customer_id, u.subject_id, u.decision_id, u.opened_at, u.score, u.reasons::jsonb, u.summary, " +
        "u.subject_name, u.context::jsonb FROM unnest(@c_id, @c_kind, @c_status, @c_customer_id, @c_subject_id, @c_decision_id, @c_opened_at, " +
        "@c_score, @c_reasons, @c_summary, @c_subject_name, @c_context) AS u(id, kind, status, customer_id, subject_id, decision_id, " +
        "opened_at, score, reasons, summary, subject_name, context) WHERE u.subject_id IN (SELECT transaction_id FROM inserted) " +
        "ON CONFLICT (kind, subject_id) DO NOTHING";

    private const string InsertOutboxSql =
        $"INSERT INTO {S}.outbox_messages (id, type, payload, correlation_id, created_at, attempts) " +
        "SELECT u.id, u.type, u.payload::jsonb, u.correlation_id, u.created_at, 0 FROM unnest(@m_transaction_id, @m_id, @m_type, @m_payload, " +
        "@m_correlation, @m_created) AS u(transaction_id, id, type, payload, correlation_id, created_at) " +
        "WHERE u.transaction_id IN (SELECT transaction_id FROM inserted)";

    private void AddDecisionParameters(NpgsqlCommand cmd, DecisionRow[] d)
    {
        cmd.Parameters.AddWithValue("id", d.Select(x => x.Id).ToArray());
        cmd.Parameters.AddWithValue("transaction_id", d.Select(x => x.TransactionId).ToArray());
        cmd.Parameters.AddWithValue("type", d.Select(x => x.Type).ToArray());
        cmd.Parameters.AddWithValue("amount", d.Select(x => x.Amount).ToArray());
        cmd.Parameters.AddWithValue("currency", d.Select(x => x.Currency).ToArray());
        cmd.Parameters.AddWithValue("payer_id", d.Select(x => x.PayerId).ToArray());
        cmd.Parameters.Add(Nullable("payee_id", NpgsqlDbType.Uuid, d.Select(x => (object?)x.PayeeId)));
        cmd.Parameters.Add(Nullable("payee_name", NpgsqlDbType.Text, d.Select(x => (object?)(x.PayeeName is null ? null : _pii.Protect(x.PayeeName)))));
        cmd.Parameters.AddWithValue("channel", d.Select(x => x.Channel).ToArray());
        cmd.Parameters.Add(Nullable("device_id", NpgsqlDbType.Text, d.Select(x => (object?)x.DeviceId)));
        cmd.Parameters.Add(Nullable("ip_address", NpgsqlDbType.Text, d.Select(x => (object?)x.IpAddress)));
        cmd.Parameters.AddWithValue("occurred_at", d.Select(x => x.OccurredAt).ToArray());
        cmd.Parameters.AddWithValue("decided_at", d.Select(x => x.DecidedAt).ToArray());
        cmd.Parameters.AddWithValue("outcome", d.Select(x => x.Outcome).ToArray());
        cmd.Parameters.AddWithValue("score", d.Select(x => x.Score).ToArray());
        cmd.Parameters.AddWithValue("model_score", d.Select(x => x.ModelScore).ToArray());
        cmd.Parameters.AddWithValue("model_version", d.Select(x => x.ModelVersion).ToArray());
        cmd.Parameters.AddWithValue("reasons", d.Select(x => x.Reasons).ToArray());
        cmd.Parameters.AddWithValue("shadow_reasons", d.Select(x => x.ShadowReasons).ToArray());
        cmd.Parameters.Add(Nullable("case_id", NpgsqlDbType.Uuid, d.Select(x => (object?)x.CaseId)));
    }

    private void AddCaseParameters(NpgsqlCommand cmd, CaseRow[] c)
    {
        cmd.Parameters.AddWithValue("c_id", c.Select(x => x.Id).ToArray());
        cmd.Parameters.AddWithValue("c_kind", c.Select(x => x.Kind).ToArray());
        cmd.Parameters.AddWithValue("c_status", c.Select(x => x.Status).ToArray());
        cmd.Parameters.AddWithValue("c_customer_id", c.Select(x => x.CustomerId).ToArray());
        cmd.Parameters.AddWithValue("c_subject_id", c.Select(x => x.SubjectId).ToArray());
        cmd.Parameters.Add(Nullable("c_decision_id", NpgsqlDbType.Uuid, c.Select(x => (object?)x.DecisionId)));
        cmd.Parameters.AddWithValue("c_opened_at", c.Select(x => x.OpenedAt).ToArray());
        cmd.Parameters.AddWithValue("c_score", c.Select(x => x.Score).ToArray());
        cmd.Parameters.AddWithValue("c_reasons", c.Select(x => x.Reasons).ToArray());
        cmd.Parameters.AddWithValue("c_summary", c.Select(x => x.Summary).ToArray());
        cmd.Parameters.Add(Nullable("c_subject_name", NpgsqlDbType.Text, c.Select(x => (object?)(x.SubjectName is null ? null : _pii.Protect(x.SubjectName)))));
        cmd.Parameters.Add(Nullable("c_context", NpgsqlDbType.Text, c.Select(x => (object?)x.Context)));
    }

    private static void AddOutboxParameters(NpgsqlCommand cmd, (Guid TransactionId, OutboxMessage Message)[] m)
    {
        cmd.Parameters.AddWithValue("m_transaction_id", m.Select(x => x.TransactionId).ToArray());
        cmd.Parameters.AddWithValue("m_id", m.Select(x => x.Message.Id).ToArray());
        cmd.Parameters.AddWithValue("m_type", m.Select(x => x.Message.Type).ToArray());
        cmd.Parameters.AddWithValue("m_payload", m.Select(x => x.Message.Payload).ToArray());
        cmd.Parameters.Add(Nullable("m_correlation", NpgsqlDbType.Text, m.Select(x => (object?)x.Message.CorrelationId)));
        cmd.Parameters.AddWithValue("m_created", m.Select(x => x.Message.CreatedAt).ToArray());
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, IEnumerable<object?> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.Select(v => v ?? DBNull.Value).ToArray() };
}
