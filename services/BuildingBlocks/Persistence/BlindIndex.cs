using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Jade.Persistence;

/// <summary>
/// HMAC-SHA256 of a normalized personal value under a secret key: equal values give equal hashes, so a column can be
/// indexed and searched by exact value while the table alone (without the key) does not reveal it, not even by trying
/// every possible phone or id number. Rotating the key means recomputing every hash, so it is kept like signing keys.
/// </summary>
public sealed class BlindIndex
{
    private readonly byte[] _key;

    public BlindIndex(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new InvalidOperationException("A blind-index key must be at least 32 bytes.");
        }
        _key = key;
    }

    public string Hash(string normalizedValue) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(normalizedValue)));

    /// <summary>
    /// The key from the <paramref name="keySetting"/> setting (base64, at least 32 bytes); otherwise generated once into
    /// <paramref name="keyFile"/> (owner read/write only) and reused by every later start and every replica sharing the
    /// folder.
    /// </summary>
    public static BlindIndex Load(IConfiguration configuration, string keySetting, string keyFile)
    {
        if (configuration[keySetting] is { Length: > 0 } configured)
        {
            return new BlindIndex(Convert.FromBase64String(configured));
        }
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
            var temp = keyFile + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            try
            {
                // Two replicas starting together: the first move wins and both read its key.
                File.Move(temp, keyFile, overwrite: false);
            }
            catch (IOException) when (File.Exists(keyFile))
            {
                File.Delete(temp);
            }
        }
        return new BlindIndex(Convert.FromBase64String(File.ReadAllText(keyFile).Trim()));
    }
}
