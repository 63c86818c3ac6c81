namespace Jade.Notifications.Customers;

/// <summary>How contact details appear to staff and in logs: enough to recognise, not enough to use.</summary>
public static class Masking
{
    public static string Email(string address)
    {
        var at = address.IndexOf('@');
        if (at <= 0) return "***";
        var local = address[..at];
        return $"{local[0]}***{(local.Length > 1 ? local[^1..] : "")}{address[at..]}";
    }

    public static string Phone(string number)
    {
        var digits = number.Where(char.IsAsciiDigit).ToArray();
        return digits.Length < 7 ? "***" : $"{(number.StartsWith('+') ? "+" : "")}{new string(digits[..3])}****{new string(digits[^4..])}";
    }
}
