using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Cases;

/// <summary>
/// An officer's working note on a case: what was checked, with whom, a filing reference. Kept after the decision too,
/// never edited. Officers write about customers here, so the text is personal data, encrypted at rest.
/// </summary>
public sealed class CaseNoteRow
{
    public const int MaxText = 1000;

    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public required string AuthorId { get; init; }
    public string? AuthorName { get; init; }
    /// <summary>Never null once written; nullable only for the encrypted-column converter.</summary>
    public required string? Text { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    internal static void Configure(ModelBuilder modelBuilder, IDataProtectionProvider dataProtection) =>
        modelBuilder.Entity<CaseNoteRow>(e =>
        {
            e.HasKey(n => n.Id);
            e.HasOne<CaseRow>().WithMany().HasForeignKey(n => n.CaseId);
            e.HasIndex(n => new { n.CaseId, n.CreatedAt });
            e.Property(n => n.AuthorId).HasMaxLength(100);
            e.Property(n => n.AuthorName).HasMaxLength(200);
            e.Property(n => n.Text).IsEncryptedPersonalData(dataProtection).IsRequired();
        });
}
