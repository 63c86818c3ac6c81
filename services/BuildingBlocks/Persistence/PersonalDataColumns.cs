using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
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
