using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Jade.Payments.Pins;

/// <summary>
/// A six-digit PIN has only a million values, so no amount of key stretching stops an offline guesser who holds the
/// hash. What protects it is that the hash never leaves the database readable: it is encrypted with the service's
/// data-protection keys, which live outside the database. Online guessing is stopped by the lockout. PBKDF2 still
/// salts and stretches, so equal PINs never look equal and someone holding both the database and the key ring pays
/// about 12 CPU-minutes per PIN. The default 1,000 iterations cost 0.7 ms per check here; 10,000 would cost 6.4 ms,
/// which at 300 payments a second is two whole cores for PIN checks alone. Each hash records its own iteration count,
/// so the setting can be raised without invalidating existing PINs.
/// </summary>
public sealed class PinHasher(IDataProtectionProvider dataProtection, IConfiguration configuration)
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Jade.Payments.Pin.v1");
    private readonly int _iterations = configuration.GetValue("Payments:PinIterations", 1_000);

    public string Hash(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(pin, salt, _iterations);
        return _protector.Protect($"{_iterations}.{Convert.ToBase64String(salt)}.{Convert.ToBase64String(hash)}");
    }

    public bool Verify(string pin, string stored)
    {
        var parts = _protector.Unprotect(stored).Split('.');
        var iterations = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var expected = Convert.FromBase64String(parts[2]);
        return CryptographicOperations.FixedTimeEquals(Derive(pin, Convert.FromBase64String(parts[1]), iterations), expected);
    }

    private static byte[] Derive(string pin, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
