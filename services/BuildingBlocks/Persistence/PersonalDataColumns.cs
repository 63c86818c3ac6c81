using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jade.Persistence;

/// <summary>
/// Encrypts personal data (phone numbers, national ids, card numbers, authenticator secrets) at rest. ASP.NET Core Data
/// Protection gives authenticated encryption whose payload names its key, so keys rotate without re-encrypting old rows;
/// the service's key ring lives outside the database, so a stolen dump alone reveals nothing.
/// </summary>
public static class PersonalDataColumns
{
    public const string Purpose = "Jade.PersonalData.v1";

    public static PropertyBuilder<string?> IsEncryptedPersonalData(this PropertyBuilder<string?> property, IDataProtectionProvider provider)
    {
        var protector = provider.CreateProtector(Purpose);
        // Ciphertext is several times longer than the value: the column is unbounded and the API bounds the input.
        return property.HasColumnType("text").HasConversion(value => protector.Protect(value!), stored => protector.Unprotect(stored!));
    }
}

/// <summary>
/// EF Core builds a context type's model once per process and keeps it, with the converters
/// <see cref="PersonalDataColumns.IsEncryptedPersonalData"/> put in it — and so with the key ring of the host that first
/// built it. One host per process never notices; a second host of the same service in that process (test hosts, a
/// benchmark) would read and write personal data with the first host's keys. Keying the model by the host's
/// data-protection provider too gives each host a model with its own keys.
/// </summary>
internal sealed class PersonalDataModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), designTime, KeyRingOf(context));

    private static IDataProtectionProvider? KeyRingOf(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService(typeof(IDataProtectionProvider)) as IDataProtectionProvider;
}
