using Jade.Identity.Oidc;
using Jade.Persistence;

namespace Jade.Identity.Kyc;

/// <summary>
/// The blind index of nationality and national id, so a unique index can hold "one verified identity per national id"
/// without the table revealing the number. The key comes from <c>Kyc:BlindIndexKey</c> or is generated on first start
/// into the identity key folder, next to the signing certificates.
/// </summary>
public sealed class NationalIdBlindIndex(BlindIndex index)
{
    public const string KeyFileName = "kyc-blind-index.key";

    public string Hash(string nationality, string nationalId) => index.Hash($"{nationality}:{nationalId}");

    internal static NationalIdBlindIndex Create(IConfiguration configuration, IdentityKeyFolder folder) =>
        new(BlindIndex.Load(configuration, "Kyc:BlindIndexKey", Path.Combine(folder.Path, KeyFileName)));
}
