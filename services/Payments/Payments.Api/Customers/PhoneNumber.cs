using Jade.Persistence;

namespace Jade.Payments.Customers;

/// <summary>
/// Phone numbers as the payee directory compares them: digits only with the country code, a Chinese mobile number
/// typed without one (11 digits starting with 1) read as +86, so "+86 138-0013-8000" and "13800138000" are one number.
/// </summary>
public static class PhoneNumber
{
    public const string ChinaCode = "86";

    /// <summary>The canonical digits, or null when <paramref name="typed"/> is not a phone number.</summary>
    public static string? Canonical(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 32) return null;
        var compact = new string(typed.Where(c => c is not (' ' or '-' or '(' or ')')).ToArray());
        var international = compact.StartsWith('+') || compact.StartsWith("00", StringComparison.Ordinal);
        var digits = compact.StartsWith('+') ? compact[1..] : compact.StartsWith("00", StringComparison.Ordinal) ? compact[2..] : compact;
        if (digits.Length is < 7 or > 15 || !digits.All(char.IsAsciiDigit) || digits[0] == '0') return null;
        if (!international && digits.Length == 11 && digits[0] == '1') return ChinaCode + digits;
        return digits;
    }

    /// <summary>"8613800138000" → "+86 138****8000": recognisable to the payer, not a number anyone can call.</summary>
    public static string Mask(string canonical) =>
        canonical.StartsWith(ChinaCode, StringComparison.Ordinal) && canonical.Length == 13
            ? $"+86 {canonical[2..5]}****{canonical[^4..]}"
            : $"+{canonical[..2]}{new string('*', canonical.Length - 6)}{canonical[^4..]}";
}

/// <summary>The payee directory's phone column holds this keyed hash, never the number (see <see cref="BlindIndex"/>).</summary>
public sealed class PhoneDirectoryIndex(BlindIndex index)
{
    public const string KeySetting = "Payments:PhoneIndexKey";
    public const string KeyFileName = "phone-blind-index.key";

    public string Hash(string canonical) => index.Hash("phone:" + canonical);

    /// <summary>
    /// The key from <see cref="KeySetting"/>, or a file in the service's key folder (<c>Payments:KeysPath</c>). Outside
    /// development and tests one of them is required: a key that changed on restart would make every stored hash unfindable.
    /// </summary>
    public static PhoneDirectoryIndex Create(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[KeySetting] is not { Length: > 0 } && configuration["Payments:KeysPath"] is not { Length: > 0 })
        {
            if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
            {
                throw new InvalidOperationException($"{KeySetting} or Payments:KeysPath is required for the payee directory's phone index.");
            }
            return new PhoneDirectoryIndex(new BlindIndex(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }
        var folder = configuration["Payments:KeysPath"] ?? "";
        return new PhoneDirectoryIndex(BlindIndex.Load(configuration, KeySetting, Path.Combine(folder, KeyFileName)));
    }
}
