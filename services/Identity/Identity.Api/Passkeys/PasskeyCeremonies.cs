using Jade.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jade.Identity.Passkeys;

/// <summary>
/// Keeps each ceremony's state in the database rather than in a cookie: the SPA reaches identity through the gateway,
/// which forwards no browser cookies to the API, and a row can be spent exactly once — a replayed answer finds nothing.
/// </summary>
public sealed class PasskeyCeremonies(IdentityDb db, TimeProvider time, IOptions<IdentityPasskeyOptions> options)
{
    /// <summary>How long after the browser gives up the answer may still arrive (network and server time).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public async Task<PasskeyCeremony> BeginAsync(Guid? userId, string purpose, string state, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Expired ceremonies go as new ones begin: no sweeper, and the table holds only the ceremonies under way.
        await db.Set<PasskeyCeremony>().Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var ceremony = new PasskeyCeremony
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Purpose = purpose,
            State = state,
            ExpiresAt = now + options.Value.AuthenticatorTimeout + Grace,
        };
        db.Add(ceremony);
        await db.SaveChangesAsync(ct);
        return ceremony;
    }

    /// <returns>The state, once: null when the ceremony is unknown, expired, already spent, or was issued to another
    /// user or for another purpose.</returns>
    public async Task<string?> TakeAsync(Guid ceremonyId, Guid? userId, string purpose, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var states = await db.Database.SqlQuery<string>($"""
            DELETE FROM identity.passkey_ceremonies
            WHERE id = {ceremonyId} AND purpose = {purpose} AND COALESCE(user_id, {Guid.Empty}) = {userId ?? Guid.Empty} AND expires_at > {now}
            RETURNING state AS "Value"
            """).ToListAsync(ct);
        return states.SingleOrDefault();
    }
}
