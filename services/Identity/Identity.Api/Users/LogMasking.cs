namespace Jade.Identity.Users;

/// <summary>Keeps personal data out of logs and API responses while leaving enough to recognise it.</summary>
public static class LogMasking
{
    /// <summary><c>alice@example.com</c> → <c>a***@example.com</c>.</summary>
    public static string MaskEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "";
        }
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }

    /// <summary><c>+8613812341234</c> or <c>13812341234</c> → <c>138****1234</c>.</summary>
    public static string? MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return null;
        }
        var national = phone.StartsWith("+86", StringComparison.Ordinal) ? phone[3..] : phone;
        return national.Length <= 7 ? "****" + national[^Math.Min(4, national.Length)..] : $"{national[..3]}****{national[^4..]}";
    }
}
