using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jade.Persistence;

/// <summary>
/// One append-only audit record: who did what to which entity, when, from where, and the state before and after.
/// Each record's hash covers its content and the previous record's hash, so editing or deleting any record breaks
/// every hash after it (<see cref="AuditTrail.Verify"/>).
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public required string ActorId { get; init; }
    public string? ActorName { get; init; }
    public required string Action { get; init; }
    public required string Entity { get; init; }
    public required string EntityId { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
    public string? SourceIp { get; init; }
    public required byte[] PreviousHash { get; init; }
    public required byte[] Hash { get; set; }
}

/// <summary>Who acted, as the audit trail records it.</summary>
public sealed record AuditActor(string Id, string? Name, string? SourceIp)
{
    /// <summary>The signed-in staff member of a request: token subject, e-mail (or name) and the client address.</summary>
    public static AuditActor Of(Microsoft.AspNetCore.Http.HttpContext http) => new(
        Jade.ServiceDefaults.ScopePolicies.Subject(http.User) ?? "unknown",
        http.User.FindFirst("email")?.Value ?? http.User.FindFirst("name")?.Value,
        http.Connection.RemoteIpAddress?.ToString());
}

public static class AuditTrail
{
    public const string Table = "audit_log";
    private static readonly byte[] Genesis = new byte[32];

    public static ModelBuilder AddAuditTrail(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditRecord>(e =>
        {
            e.ToTable(Table);
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).UseIdentityAlwaysColumn();
            // text, not jsonb: the hash covers the exact bytes written, and jsonb would reorder them.
            e.HasIndex(r => new { r.Entity, r.EntityId });
        });
        return modelBuilder;
    }

    /// <summary>
    /// Adds a record to <paramref name="db"/>'s unit of work, chained to the latest one. Call inside the transaction
    /// that makes the change, so the record commits with it; the transaction-scoped advisory lock keeps concurrent
    /// appenders from forking the chain.
    /// </summary>
    public static async Task AppendAuditAsync(
        this DbContext db, AuditActor actor, string action, string entity, string entityId, string? before, string? after,
        DateTimeOffset at, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit records are appended inside the transaction that makes the change.");
        }
        await db.Database.LockUntilCommitAsync($"{db.Model.GetDefaultSchema()}.{Table}", ct);
        var previous = await db.Set<AuditRecord>().OrderByDescending(r => r.Id).Select(r => r.Hash).FirstOrDefaultAsync(ct) ?? Genesis;
        var record = new AuditRecord
        {
            At = at,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = action,
            Entity = entity,
            EntityId = entityId,
            Before = before,
            After = after,
            SourceIp = actor.SourceIp,
            PreviousHash = previous,
            Hash = [],
        };
        record.Hash = HashOf(record, previous);
        db.Add(record);
    }

    /// <summary>The id of the first record whose chain is broken, or null when the whole trail verifies.</summary>
    public static long? Verify(IEnumerable<AuditRecord> recordsInIdOrder)
    {
        var previous = Genesis;
        foreach (var record in recordsInIdOrder)
        {
            if (!record.PreviousHash.AsSpan().SequenceEqual(previous) || !record.Hash.AsSpan().SequenceEqual(HashOf(record, previous)))
            {
                return record.Id;
            }
            previous = record.Hash;
        }
        return null;
    }

    private static byte[] HashOf(AuditRecord r, byte[] previous)
    {
        // Length-prefixed fields, so no two different records serialise to the same bytes. Microsecond precision,
        // because that is what timestamptz keeps.
        var micros = (r.At.UtcTicks / 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        foreach (var field in new[] { micros, r.ActorId, r.ActorName, r.Action, r.Entity, r.EntityId, r.Before, r.After, r.SourceIp })
        {
            text.Append(field?.Length ?? -1).Append(':').Append(field).Append('|');
        }
        return SHA256.HashData([.. previous, .. Encoding.UTF8.GetBytes(text.ToString())]);
    }
}
