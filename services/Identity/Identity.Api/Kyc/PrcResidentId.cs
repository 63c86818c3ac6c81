using System.Globalization;

namespace Jade.Identity.Kyc;

/// <summary>
/// The 18-character PRC resident identity number (GB 11643-1999): 6-digit area code, 8-digit birth date
/// (<c>yyyyMMdd</c>), 3-digit sequence, and an ISO 7064 MOD 11-2 check character (<c>0</c>–<c>9</c> or <c>X</c>).
/// </summary>
public static class PrcResidentId
{
    public const int Length = 18;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>The MOD 11-2 check character of the first 17 digits; null when they are not 17 ASCII digits.</summary>
    public static char? CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            return null;
        }
        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            if (!char.IsAsciiDigit(first17[i]))
            {
                return null;
            }
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>17 digits followed by the right check character (an upper-case <c>X</c> for 10).</summary>
    public static bool HasValidCheckCharacter(string value) =>
        value.Length == Length && CheckCharacter(value.AsSpan(0, Length - 1)) is { } expected && value[^1] == expected;

    /// <summary>The birth date embedded in digits 7–14, when it is a real calendar date.</summary>
    public static DateOnly? BirthDate(string value) =>
        value.Length == Length && DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}
