using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Notifications.Customers;

/// <summary>
/// Who a customer is for delivery: their language and contact details as identity announced them. The e-mail address and
/// phone number are encrypted at rest and shown to staff only masked.
/// </summary>
public sealed class CustomerRow
{
    public Guid Id { get; init; }
    public required string Language { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateTimeOffset RegisteredAt { get; init; }

    public static void Configure(ModelBuilder model, IDataProtectionProvider dataProtection) => model.Entity<CustomerRow>(e =>
    {
        e.ToTable("customers");
        e.HasKey(c => c.Id);
        e.Property(c => c.Language).HasMaxLength(10);
        e.Property(c => c.Email).IsEncryptedPersonalData(dataProtection);
        e.Property(c => c.Phone).IsEncryptedPersonalData(dataProtection);
    });
}

public static class Languages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    /// <summary>Anything but English gets Chinese, the platform's default language.</summary>
    public static string Normalize(string? language) =>
        string.Equals(language, English, StringComparison.OrdinalIgnoreCase) || language?.StartsWith("en-", StringComparison.OrdinalIgnoreCase) == true
            ? English : Chinese;
}
