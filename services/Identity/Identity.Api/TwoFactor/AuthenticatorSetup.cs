using System.Text;
using QRCoder;

namespace Jade.Identity.TwoFactor;

/// <summary>How an authenticator key is shown to a person: grouped text, an otpauth URI and its QR code.</summary>
internal static class AuthenticatorSetup
{
    public const string Issuer = "Jade";

    /// <summary><c>JBSWY3DPEHPK3PXP</c> → <c>JBSW Y3DP EHPK 3PXP</c>: easier to type by hand.</summary>
    public static string FormatKey(string unformattedKey)
    {
        var key = unformattedKey.ToUpperInvariant();
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                result.Append(' ');
            }
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return result.ToString();
    }

    public static string AuthenticatorUri(string email, string unformattedKey) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={unformattedKey.ToUpperInvariant()}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    public static string QrCodeDataUri(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>Codes are typed with spaces or dashes sometimes; Identity wants the bare digits.</summary>
    public static string NormalizeCode(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
