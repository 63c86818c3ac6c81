using Jade.Identity.Devices;
using Jade.Identity.Kyc;
using Jade.Identity.Passkeys;
using Jade.Identity.Support;
using Jade.Messaging;
using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Jade.Identity.Users;

/// <summary>Users, roles, passkeys, known devices, the security audit trail, OpenIddict's applications/scopes/tokens and the outbox, all in the <c>identity</c> schema.</summary>
/// <remarks>Phone numbers, user tokens (authenticator secrets, recovery codes) and KYC personal data are encrypted at rest with
/// <paramref name="dataProtection"/>.</remarks>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options, IDataProtectionProvider dataProtection)
    : IdentityDbContext<JadeUser, IdentityRole<Guid>, Guid>(options)
{
    public const string Schema = "identity";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.UseOpenIddict<Guid>();
        builder.AddOutboxAndInbox();
        // Plain snake_case table names, so operators and tests query "identity.users" without quoting.
        builder.Entity<JadeUser>().ToTable("users");
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.Entity<IdentityUserPasskey<Guid>>().ToTable("user_passkeys");
        builder.Entity<OpenIddictEntityFrameworkCoreApplication<Guid>>().ToTable("oidc_applications");
        builder.Entity<OpenIddictEntityFrameworkCoreAuthorization<Guid>>().ToTable("oidc_authorizations");
        builder.Entity<OpenIddictEntityFrameworkCoreScope<Guid>>().ToTable("oidc_scopes");
        builder.Entity<OpenIddictEntityFrameworkCoreToken<Guid>>().ToTable("oidc_tokens");
        builder.Entity<JadeUser>(e =>
        {
            e.Property(u => u.CreatedAt).HasColumnType("timestamptz");
            e.Property(u => u.Language).HasMaxLength(8);
            e.Property(u => u.PhoneNumber).IsEncryptedPersonalData(dataProtection);
        });
        builder.Entity<IdentityUserToken<Guid>>().Property(t => t.Value).IsEncryptedPersonalData(dataProtection);
        builder.AddKyc(dataProtection);
        builder.AddKycUpgrades(dataProtection);
        builder.AddKnownDevices();
        builder.AddPasskeyCeremonies();
        builder.AddAuditTrail();
        builder.AddSupportResetRequests();
    }
}
