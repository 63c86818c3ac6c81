namespace Jade.Payments.Pins;

public static class PinRules
{
    public const int Length = 6;
    public const int MaxFailedAttempts = 5;

    /// <summary>Why <paramref name="pin"/> cannot be a payment PIN, or null when it can.</summary>
    public static string? ProblemWith(string? pin)
    {
        if (pin is null || pin.Length != Length || !pin.All(char.IsAsciiDigit)) return "The payment PIN is exactly 6 digits.";
        if (pin.All(c => c == pin[0])) return "Choose a PIN that is not one digit repeated.";
        if (IsRun(pin, 1) || IsRun(pin, -1)) return "Choose a PIN that is not a run of consecutive digits.";
        return null;
    }

    public static bool IsWellFormed(string? pin) => pin is { Length: Length } && pin.All(char.IsAsciiDigit);

    private static bool IsRun(string pin, int step)
    {
        for (var i = 1; i < pin.Length; i++)
        {
            if (pin[i] - pin[i - 1] != step) return false;
        }
        return true;
    }
}
