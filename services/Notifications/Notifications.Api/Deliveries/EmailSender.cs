using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Jade.Notifications.Deliveries;

/// <summary>Sends one delivery as a plain-text and HTML e-mail through SMTP (MailKit).</summary>
public sealed class EmailSender(IOptions<SmtpOptions> options)
{
    public async Task<string> SendAsync(DeliveryRow delivery, CancellationToken ct)
    {
        var settings = options.Value;
        var message = new MimeMessage
        {
            // The delivery id is the Message-Id: a resend after a crash between sending and recording is recognisably the same mail.
            MessageId = $"{delivery.SendKey}@jade.example",
            Subject = delivery.Subject ?? "Jade",
        };
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(MailboxAddress.Parse(delivery.Recipient));
        message.Headers.Add("Content-Language", delivery.Language);
        message.Body = new BodyBuilder
        {
            TextBody = $"{delivery.Body}\n\n{Footer(delivery.Language)}",
            HtmlBody = $"<html lang=\"{delivery.Language}\"><body><h2>{WebUtility.HtmlEncode(delivery.Subject)}</h2><p>{WebUtility.HtmlEncode(delivery.Body)}</p>"
                + $"<p style=\"color:#888\">{WebUtility.HtmlEncode(Footer(delivery.Language))}</p></body></html>",
        }.ToMessageBody();

        using var smtp = new SmtpClient();
        var loopback = IPAddress.TryParse(settings.Host, out var ip) ? IPAddress.IsLoopback(ip) : settings.Host == "localhost";
        var tls = settings.RequireTls && !loopback ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
        await smtp.ConnectAsync(settings.Host, settings.Port, tls, ct);
        if (!string.IsNullOrEmpty(settings.UserName)) await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
        return message.MessageId;
    }

    private static string Footer(string language) => language == "en"
        ? "You receive this because you have a Jade account. Choose which messages reach you under Notifications → Preferences."
        : "您收到此邮件是因为您拥有 Jade 账户。可在“通知 → 偏好设置”中选择接收哪些消息。";
}
