using Jade.Contracts.Identity;
using Jade.Identity.Audit;
using Jade.Identity.Users;
using Jade.Messaging;
using Microsoft.EntityFrameworkCore;
using Jade.Persistence;

namespace Jade.Identity.Devices;

/// <summary>
/// Decides, when a sign-in completes, whether the browser is one the user has used before. A new one is recorded and
/// announced with <see cref="LoginFromNewDevice"/>; a known one only gets its last-seen time. Either way the sign-in goes
/// into the customer's security audit trail, all in one transaction. Every page that ends in a signed-in session calls
/// <see cref="SignedInAsync"/> (password, authenticator code, recovery code, passkey); registration records its browser
/// without an alert.
/// </summary>
public sealed class DeviceRecognition(IdentityDb db, IOutbox outbox, SecurityAudit audit, TimeProvider time, ILogger<DeviceRecognition> logger)
{
    /// <param name="method">How the sign-in was proven (<see cref="SecurityAudit.SignInMethods"/>).</param>
    /// <returns>True when the browser was new for this user (and the alert was written to the outbox).</returns>
    public async Task<bool> SignedInAsync(HttpContext context, JadeUser user, string method, CancellationToken ct)
    {
        var userId = user.Id;
        var sighting = DeviceSighting.Of(context);
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A duplicate device row (a concurrent sign-in from the same browser) fails only its own savepoint, not this transaction.
        var isNew = !await TouchAsync(userId, sighting, now, ct) && await AddAsync(userId, sighting, now, ct);
        await audit.RecordSignInAsync(context, user, method, sighting.Device, isNew, ct);
        await transaction.CommitAsync(ct);
        DeviceCookie.Write(context, sighting.CookieValue, now);
        if (isNew)
        {
            logger.LogInformation("User {UserId} signed in from a new device ({Device}, {IpAddress})", userId, sighting.Device, sighting.MaskedIp);
        }
        return isNew;
    }

    /// <summary>
    /// Gives a registering browser the device cookie; <see cref="Registration.RegistrationService"/> recorded it with the
    /// new user, so the customer's first sign-in on it raises no alert.
    /// </summary>
    public void IssueCookie(HttpContext context, DeviceSighting sighting) =>
        DeviceCookie.Write(context, sighting.CookieValue, time.GetUtcNow());

    private async Task<bool> TouchAsync(Guid userId, DeviceSighting sighting, DateTimeOffset now, CancellationToken ct) =>
        await db.Set<KnownDevice>()
            .Where(d => d.UserId == userId && d.DeviceHash == sighting.Hash)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LastSeenAt, now)
                .SetProperty(d => d.UserAgentSummary, sighting.Device)
                .SetProperty(d => d.MaskedIp, sighting.MaskedIp), ct) > 0;

    /// <returns>False when a concurrent sign-in from the same browser recorded it first (that one raised the alert).</returns>
    private async Task<bool> AddAsync(Guid userId, DeviceSighting sighting, DateTimeOffset now, CancellationToken ct)
    {
        var device = db.Set<KnownDevice>().Add(KnownDevice.FirstSeen(userId, sighting, now));
        var messageId = outbox.Add(new LoginFromNewDevice(userId, Guid.CreateVersion7(now), sighting.Device, sighting.MaskedIp, now));
        try
        {
            // One SaveChanges: the device row and the outbox message commit together or not at all.
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            device.State = EntityState.Detached;
            foreach (var message in db.ChangeTracker.Entries<OutboxMessage>().Where(m => m.Entity.Id == messageId).ToList())
            {
                message.State = EntityState.Detached;
            }
            return false;
        }
    }
}

internal static class DeviceRecognitionSetup
{
    public static IServiceCollection AddDeviceRecognition(this IServiceCollection services) =>
        services.AddScoped<DeviceRecognition>();
}
