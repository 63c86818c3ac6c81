using Npgsql;
using NpgsqlTypes;

namespace Jade.Messaging;

/// <summary>For write paths on raw SQL: outbox rows inserted in the caller's batch and transaction.</summary>
public static class OutboxRows
{
    /// <summary>One statement inserting <paramref name="rows"/> into <c>{schema}.outbox_messages</c>, or null for none.</summary>
    public static NpgsqlBatchCommand? InsertCommand(string schema, IReadOnlyCollection<OutboxMessage> rows)
    {
        if (rows.Count == 0) return null;
        var cmd = new NpgsqlBatchCommand(
            $"INSERT INTO \"{schema}\".outbox_messages (id, type, payload, correlation_id, created_at, attempts) " +
            "SELECT u.id, u.type, u.payload::jsonb, u.correlation_id, u.created_at, 0 FROM unnest(@id, @type, @payload, @correlation, @created) " +
            "AS u(id, type, payload, correlation_id, created_at)");
        cmd.Parameters.AddWithValue("id", rows.Select(m => m.Id).ToArray());
        cmd.Parameters.AddWithValue("type", rows.Select(m => m.Type).ToArray());
        cmd.Parameters.AddWithValue("payload", rows.Select(m => m.Payload).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("correlation", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(m => m.CorrelationId).ToArray() });
        cmd.Parameters.AddWithValue("created", rows.Select(m => m.CreatedAt).ToArray());
        return cmd;
    }
}
