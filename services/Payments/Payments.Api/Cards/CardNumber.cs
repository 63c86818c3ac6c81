namespace Jade.Payments.Cards;

/// <summary>
/// A bank card number (PAN) as customers type it: digits, optionally grouped by spaces or hyphens. Valid means 13–19
/// digits whose Luhn (mod 10) check digit is right — it catches every single mistyped digit and most swapped pairs
/// before a payout is ever attempted. Only the first six (the issuer) and last four digits are ever shown.
/// </summary>
public static class CardNumber
{
    public const int MinDigits = 13;
    public const int MaxDigits = 19;

    /// <summary>The digits, or null with the reason when the input is not a card number.</summary>
    public static (string? Digits, string? Error) Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return (null, "Enter the card number.");
        if (input.Length > 40) return (null, $"A card number has {MinDigits} to {MaxDigits} digits.");
        var digits = new string([.. input.Where(char.IsAsciiDigit)]);
        if (input.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-'))) return (null, "A card number contains only digits (spaces and hyphens are ignored).");
        if (digits.Length is < MinDigits or > MaxDigits) return (null, $"A card number has {MinDigits} to {MaxDigits} digits.");
        if (!PassesLuhn(digits)) return (null, "This card number is not valid: please check the digits.");
        return (digits, null);
    }

    /// <summary>The Luhn check: from the right, double every second digit (minus 9 above 9); the sum ends in 0.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1 && (d *= 2) > 9) d -= 9;
            sum += d;
        }
        return digits.Length > 0 && sum % 10 == 0;
    }

    /// <summary>First six and last four digits, the rest starred, in groups of four: <c>6222 02** **** 1234</c>.</summary>
    public static string Mask(string first6, string last4, int length)
    {
        var masked = first6 + new string('*', length - 10) + last4;
        return string.Join(' ', masked.Chunk(4).Select(c => new string(c)));
    }
}
