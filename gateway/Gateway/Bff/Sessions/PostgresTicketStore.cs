using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Gateway.Bff.Sessions;

/// <summary>
/// Server-side session store for the cookie handler: the tokens stay in the gateway's database, encrypted,
/// and the browser only holds a random key to them.
/// </summary>
internal sealed class PostgresTicketStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider time) : ITicketStore
{
    // Only reached if a ticket arrives without an expiry; the cookie handler always sets one.
    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromHours(8);
    private readonly IDataProtector _protector = protection.CreateProtector("Jade.Gateway.SessionTicket.v1");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        // The logout id is born with the session, whichever way the session was signed in.
        ticket.Properties.Items.TryAdd(BffDefaults.SessionIdItem, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDb>();
        db.Sessions.Add(new StoredSession
        {
            Key = Hash(key),
            Ticket = Protect(ticket),
            IdentitySessionId = IdentitySessionId(ticket),
            ExpiresAt = ExpiresAt(ticket),
            UpdatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var hash = Hash(key);
        var bytes = Protect(ticket);
        var expiresAt = ExpiresAt(ticket);
        var identitySessionId = IdentitySessionId(ticket);
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDb>();
        // Update only: a renewal racing a logout must not bring the removed session back.
        await db.Sessions.Where(s => s.Key == hash).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Ticket, bytes)
            // A refreshed token belongs to the same authorization; one that names none leaves the id known so far.
            .SetProperty(x => x.IdentitySessionId, x => identitySessionId ?? x.IdentitySessionId)
            .SetProperty(x => x.ExpiresAt, expiresAt)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = Hash(key);
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDb>();
        var bytes = await db.Sessions.AsNoTracking()
            .Where(s => s.Key == hash && s.ExpiresAt > now)
            .Select(s => s.Ticket)
            .FirstOrDefaultAsync(cancellationToken);
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(bytes));
        }
        catch (CryptographicException)
        {
            // Protected with a key that no longer exists: the session cannot be used.
            return null;
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = Hash(key);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDb>();
        await db.Sessions.Where(s => s.Key == hash).ExecuteDeleteAsync(cancellationToken);
    }

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private DateTimeOffset ExpiresAt(AuthenticationTicket ticket) => ticket.Properties.ExpiresUtc ?? time.GetUtcNow().Add(FallbackLifetime);

    /// <summary>A session without one ends when its next refresh fails instead of at identity's back-channel logout.</summary>
    private static string? IdentitySessionId(AuthenticationTicket ticket) => IdentitySession.IdOf(ticket.Properties.GetTokenValue("access_token"));

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
