using Microsoft.EntityFrameworkCore;

namespace Jade.Gateway.Bff.Sessions;

/// <summary>The gateway's own schema: nothing but the BFF sessions.</summary>
public sealed class GatewayDb(DbContextOptions<GatewayDb> options) : DbContext(options)
{
    public const string Schema = "gateway";

    public DbSet<StoredSession> Sessions => Set<StoredSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        var session = modelBuilder.Entity<StoredSession>();
        session.ToTable("sessions");
        session.HasKey(s => s.Key);
        session.Property(s => s.Key).HasMaxLength(64);
        // The sweeper deletes by expiry.
        session.HasIndex(s => s.ExpiresAt);
        // A back-channel logout deletes by identity's session id.
        session.Property(s => s.IdentitySessionId).HasMaxLength(100);
        session.HasIndex(s => s.IdentitySessionId);
    }
}
