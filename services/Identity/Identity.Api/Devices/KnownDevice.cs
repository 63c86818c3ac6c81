using Jade.Identity.Users;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Devices;

/// <summary>
/// A browser a user has signed in (or registered) with. Only the SHA-256 of its device cookie is stored, so the table
/// cannot be used to impersonate a known browser. One row per user and browser: a shared browser has a row per user.
/// </summary>
public sealed class KnownDevice
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public required byte[] DeviceHash { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>From the user agent of the latest sign-in, e.g. <c>Chrome on Linux</c> (<see cref="DeviceNames"/>).</summary>
    public required string UserAgentSummary { get; set; }
    /// <summary>The latest sign-in's address, masked (<see cref="IpMasking"/>).</summary>
    public required string MaskedIp { get; set; }

    public static KnownDevice FirstSeen(Guid userId, DeviceSighting sighting, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        DeviceHash = sighting.Hash,
        FirstSeenAt = now,
        LastSeenAt = now,
        UserAgentSummary = sighting.Device,
        MaskedIp = sighting.MaskedIp,
    };
}

internal static class KnownDeviceModel
{
    public static ModelBuilder AddKnownDevices(this ModelBuilder builder)
    {
        builder.Entity<KnownDevice>(e =>
        {
            e.ToTable("known_devices");
            e.HasKey(d => d.Id);
            e.Property(d => d.DeviceHash).HasMaxLength(DeviceCookie.HashLength);
            e.Property(d => d.FirstSeenAt).HasColumnType("timestamptz");
            e.Property(d => d.LastSeenAt).HasColumnType("timestamptz");
            e.Property(d => d.UserAgentSummary).HasMaxLength(DeviceNames.MaxLength);
            e.Property(d => d.MaskedIp).HasMaxLength(IpMasking.MaxLength);
            e.HasIndex(d => new { d.UserId, d.DeviceHash }).IsUnique();
            e.HasOne<JadeUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        return builder;
    }
}
