using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Jade.Risk.Behaviour;

/// <summary>Device ids and IP addresses as 128-bit hashes, so the tracker keys and remembers them without keeping
/// a string per device and payer. A collision at 128 bits is not a practical concern.</summary>
internal static class TextKey
{
    public static Guid Of(string text)
    {
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(MemoryMarshal.AsBytes(text.AsSpan()), hash);
        return new Guid(hash);
    }
}
