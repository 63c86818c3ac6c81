using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Identity.Devices;
using Jade.Identity.Users;
using Jade.Messaging;
using Jade.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Audit;

/// <summary>
/// Every sign-in, and every change a customer makes to how they sign in (password, authenticator, recovery codes,
/// passkeys), is written to identity's hash-chained <c>audit_log</c> in the transaction that makes it: who, when, from
/// which address, what, and what changed — never a password, code or key. Entity <c>user</c>, id the user's, so a
/// customer's trail reads by index.
/// </summary>
public sealed class SecurityAudit(IdentityDb db, IOutbox outbox, TimeProvider time)
{
    public const string Entity = "user";

    public static class Actions
    {
        public const string PasswordChange = "password.change";
        public const string TwoFactorEnable = "two_factor.enable";
        public const string TwoFactorDisable = "two_factor.disable";
        public const string RecoveryCodesRegenerate = "recovery_codes.regenerate";
        public const string PasskeyAdd = "passkey.add";
        public const string PasskeyRename = "passkey.rename";
        public const string PasskeyRemove = "passkey.remove";
        public const string SignIn = "sign_in";
        public const string AccountLocked = "account.locked";
        public const string SessionsSignOutOthers = "sessions.sign_out_others";
        public const string TwoFactorSupportReset = "two_factor.support_reset";
        public const string TwoFactorSupportResetRefused = "two_factor.support_reset_refused";
        public const string TwoFactorSupportResetRequested = "two_factor.support_reset_requested";
        public const string TwoFactorSupportResetRejected = "two_factor.support_reset_rejected";
        public const string TwoFactorSupportResetCancelled = "two_factor.support_reset_cancelled";

        /// <summary>Staff actions, whose details (the agents' comments) are for staff: the customer sees that it happened, not the notes.</summary>
        public static bool IsStaffAction(string action) =>
            action is TwoFactorSupportReset or TwoFactorSupportResetRefused or TwoFactorSupportResetRequested or TwoFactorSupportResetRejected;
    }

    /// <summary>What a sign-in was proven with.</summary>
    public static class SignInMethods
    {
        public const string Password = "password";
        public const string PasswordAndAuthenticator = "password_authenticator";
        public const string PasswordAndRecoveryCode = "password_recovery_code";
        public const string Passkey = "passkey";
    }

    /// <summary>
    /// A completed sign-in, in the caller's transaction: how it was proven and on which browser. The actor is the user
    /// who signed in, named here because the request does not carry their session yet.
    /// </summary>
    public async Task RecordSignInAsync(HttpContext http, JadeUser user, string method, string device, bool newDevice, CancellationToken ct)
    {
        await db.AppendAuditAsync(Self(http, user), Actions.SignIn, Entity, user.Id.ToString(), null, Json(new { method, device, newDevice }), time.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The wrong answer that locked the account (<paramref name="step"/>: <c>sign_in</c>, <c>password_change</c>…), in a
    /// transaction of its own: the lock itself is already stored. The customer sees that someone kept trying, in the
    /// trail and in an <see cref="AccountLocked"/> alert written with it.
    /// </summary>
    public async Task RecordLockoutAsync(HttpContext http, JadeUser user, string step, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = user.LockoutEnd ?? now;
        var sighting = DeviceSighting.Of(http);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.AppendAuditAsync(Self(http, user), Actions.AccountLocked, Entity, user.Id.ToString(), null,
            Json(new { step, until = user.LockoutEnd }), now, ct);
        outbox.Add(new AccountLocked(user.Id, step, sighting.Device, sighting.MaskedIp, now, until));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The customer acting on their own account, named from it: these requests carry no session of theirs.</summary>
    private static AuditActor Self(HttpContext http, JadeUser user) =>
        new(user.Id.ToString(), user.Email, http.Connection.RemoteIpAddress?.ToString());

    /// <summary>
    /// Runs <paramref name="change"/> (one or more UserManager updates) in a transaction with its audit record, and
    /// commits only when it succeeded: a refused change leaves neither.
    /// </summary>
    public async Task<T> RecordAsync<T>(HttpContext http, JadeUser user, string action, object? before, object? after,
        Func<Task<T>> change, Func<T, bool> succeeded, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.AppendAuditAsync(AuditActor.Of(http), action, Entity, user.Id.ToString(), Json(before), Json(after), time.GetUtcNow(), ct);
        var result = await change();
        if (succeeded(result))
        {
            // The change's own SaveChanges wrote the record; this saves it when the change wrote nothing else.
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        else
        {
            // Rolled back with the transaction; no later save in this request may write it on its own.
            foreach (var record in db.ChangeTracker.Entries<AuditRecord>().Where(e => e.State == EntityState.Added).ToList())
            {
                record.State = EntityState.Detached;
            }
        }
        return result;
    }

    public Task<IdentityResult> RecordAsync(HttpContext http, JadeUser user, string action, object? before, object? after,
        Func<Task<IdentityResult>> change, CancellationToken ct) =>
        RecordAsync(http, user, action, before, after, change, result => result.Succeeded, ct);

    private static string? Json(object? value) => value is null ? null : JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
