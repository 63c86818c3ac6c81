namespace Jade.Payments.Customers;

public static class EmailMask
{
    /// <summary>"alice@example.com" → "a***e@example.com": enough to recognise the person, not to learn the address.</summary>
    public static string Mask(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0) return "***";
        var local = email[..at];
        var masked = local.Length <= 2 ? $"{local[0]}*" : $"{local[0]}{new string('*', Math.Min(local.Length - 2, 5))}{local[^1]}";
        return masked + email[at..];
    }
}
