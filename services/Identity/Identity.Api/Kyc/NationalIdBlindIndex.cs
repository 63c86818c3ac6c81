using System.Security.Cryptography;
using System.Text;
using Jade.Identity.Oidc;

namespace Jade.Identity.Kyc;

/// <summary>
/// HMAC-SHA256 of nationality and national id under a secret key: equal ids give equal hashes, so a unique index can
/// hold "one verified identity per national id", while the table alone (without the key) does not reveal the number,
/// not even by trying all 10^17 PRC ids. The key comes from <c>Kyc:BlindIndexKey</c> (base64, at least 32 bytes) or is
/// generated on first start into the identity key folder, next to the signing certificates, and reused afterwards.
/// Rotating it means recomputing every hash, so it is kept like the signing keys.
/// </summary>
public sealed class NationalIdBlindIndex
{
    public const string KeyFileName = "kyc-blind-index.key";
    private readonly byte[] _key;

    public NationalIdBlindIndex(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new InvalidOperationException("The KYC blind-index key must be at least 32 bytes.");
        }
        _key = key;
    }

    public string Hash(string nationality, string nationalId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{nationality}:{nationalId}")));

    internal static NationalIdBlindIndex Create(IConfiguration configuration, IdentityKeyFolder folder)
    {
        if (configuration["Kyc:BlindIndexKey"] is { Length: > 0 } configured)
        {
            return new NationalIdBlindIndex(Convert.FromBase64String(configured));
        }
        var path = Path.Combine(folder.Path, KeyFileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder.Path);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            try
            {
                // Two replicas starting together: the first move wins and both read its key.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }
        return new NationalIdBlindIndex(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
