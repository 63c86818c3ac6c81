using Jade.Identity.Users;
using Microsoft.EntityFrameworkCore;

namespace Jade.Identity.Passkeys;

/// <summary>
/// A WebAuthn ceremony under way: the challenge and what it was issued for, kept on the server until the browser's
/// answer comes back, then deleted as it is used (<see cref="PasskeyCeremonies"/>).
/// </summary>
public sealed class PasskeyCeremony
{
    public Guid Id { get; init; }

    /// <summary>The signed-in user it was issued to; null for a passkey sign-in, where the passkey names its user.</summary>
    public Guid? UserId { get; init; }

    /// <summary>One of <see cref="PasskeyPurposes"/>: an answer is only good for what its challenge was issued for.</summary>
    public required string Purpose { get; init; }

    /// <summary>The ASP.NET Core passkey handler's attestation or assertion state (the challenge and the user entity).</summary>
    public required string State { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}

public static class PasskeyPurposes
{
    public const string Registration = "registration";
    public const string SignIn = "sign_in";
    public const int MaxLength = 64;

    public static string StepUp(string stepUpPurpose) => $"step_up:{stepUpPurpose}";
}

internal static class PasskeyCeremonyModel
{
    public static ModelBuilder AddPasskeyCeremonies(this ModelBuilder builder)
    {
        builder.Entity<PasskeyCeremony>(e =>
        {
            e.ToTable("passkey_ceremonies");
            e.HasKey(c => c.Id);
            e.Property(c => c.Purpose).HasMaxLength(PasskeyPurposes.MaxLength);
            e.Property(c => c.ExpiresAt).HasColumnType("timestamptz");
            e.HasIndex(c => c.ExpiresAt);
            e.HasOne<JadeUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        return builder;
    }
}
