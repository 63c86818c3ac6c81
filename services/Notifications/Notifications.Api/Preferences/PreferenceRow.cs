using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jade.Notifications.Preferences;

/// <summary>A customer's channel choice for one category; a category without a row uses <see cref="Categories.Default"/>.</summary>
public sealed class PreferenceRow
{
    public Guid UserId { get; init; }
    public required string Category { get; init; }
    public bool InApp { get; set; }
    public bool Email { get; set; }
    public bool Sms { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public ChannelChoice Choice => new(InApp, Email, Sms);
}

internal sealed class PreferenceConfiguration : IEntityTypeConfiguration<PreferenceRow>
{
    public void Configure(EntityTypeBuilder<PreferenceRow> e)
    {
        e.ToTable("preferences");
        e.HasKey(p => new { p.UserId, p.Category });
        e.Property(p => p.Category).HasMaxLength(20);
        e.Ignore(p => p.Choice);
    }
}
