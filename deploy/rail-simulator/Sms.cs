using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Jade.RailSimulator;

/// <summary>
/// The SMS provider's sandbox: the same contract as the provider notifications sends through
/// (services/Notifications/Notifications.Api/Deliveries/SmsSender.cs), except that texts are kept here instead of sent,
/// so staff can read locally what a customer would have received on <c>/sms</c>.
/// </summary>
public static class Sms
{
    /// <summary>A message as the provider recorded it.</summary>
    public sealed record SmsMessage(string Id, string To, string? From, string Text, string? Reference, DateTimeOffset ReceivedAt);

    public sealed record SendSms(string? To, string? From, string? Text, string? Reference);

    /// <summary>Enough to look back over a session; older messages drop off, so a long-running simulator does not grow.</summary>
    public const int Kept = 500;

    public const int MaxTextLength = 1600;
    public const int MaxKeyLength = 200;

    /// <summary>Test numbers ending in this are refused as unreachable, so the permanent-failure path can be seen locally.</summary>
    public const string UnreachableSuffix = "0000";

    private static readonly Lock Gate = new();
    private static readonly LinkedList<SmsMessage> Recent = new();
    private static readonly Dictionary<string, (SmsMessage Message, SendSms Request)> ByIdempotencyKey = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> KeyOfMessage = new(StringComparer.Ordinal);
    private static long _sent;

    public static void MapSms(this WebApplication app)
    {
        app.MapPost("/v1/messages", Send);
        app.MapGet("/sms/messages", (string? to) => Results.Ok(Snapshot(to)));
        app.MapGet("/sms", Page);
    }

    private static IResult Send(SendSms? request, HttpContext http, IOptions<SimulatorOptions> options, TimeProvider time, ILoggerFactory logs)
    {
        var logger = logs.CreateLogger(typeof(Sms).FullName!);
        if (!HasApiKey(http.Request.Headers.Authorization.ToString(), options.Value.SmsApiKey))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem("Missing or wrong API key.", statusCode: StatusCodes.Status401Unauthorized);
        }
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (request is null || !IsPhoneNumber(request.To) || string.IsNullOrWhiteSpace(request.Text)
            || request.Text.Length > MaxTextLength || key.Length > MaxKeyLength)
        {
            return Results.Problem(
                $"to must be a phone number (optional +, 7–15 digits), text 1–{MaxTextLength} characters, Idempotency-Key at most {MaxKeyLength}.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (request.To!.EndsWith(UnreachableSuffix, StringComparison.Ordinal))
        {
            logger.LogWarning("SMS {Reference} to a test number ending in {Suffix} refused as unreachable", request.Reference, UnreachableSuffix);
            return Results.Json(new { error = "unreachable number" }, statusCode: StatusCodes.Status400BadRequest);
        }

        SmsMessage message;
        lock (Gate)
        {
            // A retried send with the same key is the same text: answered with the message already recorded.
            if (key.Length > 0 && ByIdempotencyKey.TryGetValue(key, out var earlier))
            {
                if (earlier.Request != request)
                {
                    return Results.Problem("This Idempotency-Key was used for another message.", statusCode: StatusCodes.Status422UnprocessableEntity);
                }
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Json(new { id = earlier.Message.Id, status = "queued" }, statusCode: StatusCodes.Status201Created);
            }
            message = new SmsMessage($"sms_{++_sent}", request.To, request.From, request.Text, request.Reference, time.GetUtcNow());
            Recent.AddFirst(message);
            if (key.Length > 0)
            {
                ByIdempotencyKey[key] = (message, request);
                KeyOfMessage[message.Id] = key;
            }
            while (Recent.Count > Kept)
            {
                var oldest = Recent.Last!.Value;
                Recent.RemoveLast();
                if (KeyOfMessage.Remove(oldest.Id, out var oldKey)) ByIdempotencyKey.Remove(oldKey);
            }
        }
        // The number and text stay out of the log, as at a real provider; /sms shows them.
        logger.LogInformation("SMS {Id} ({Reference}) recorded; see /sms", message.Id, message.Reference);
        return Results.Json(new { id = message.Id, status = "queued" }, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Compared in constant time; with no key configured nobody may send, rather than everybody.</summary>
    private static bool HasApiKey(string authorization, string expected)
    {
        const string scheme = "Bearer ";
        if (expected.Length == 0 || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(expected));
    }

    /// <summary>E.164-ish: an optional +, then 7 to 15 digits and nothing else.</summary>
    private static bool IsPhoneNumber(string? to)
    {
        var digits = to is { Length: > 0 } && to[0] == '+' ? to[1..] : to;
        return digits is { Length: >= 7 and <= 15 } && digits.All(char.IsAsciiDigit);
    }

    private static List<SmsMessage> Snapshot(string? to)
    {
        lock (Gate)
        {
            return [.. Recent.Where(m => string.IsNullOrEmpty(to) || m.To == to)];
        }
    }

    private const string Style = "body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}"
        + "td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}";

    private static IResult Page()
    {
        var messages = Snapshot(null);
        var rows = messages.Count == 0
            ? "<tr><td colspan=\"5\">No messages yet.</td></tr>"
            : string.Concat(messages.Select(m =>
                $"<tr><td>{m.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z</td><td>{Encode(m.To)}</td><td>{Encode(m.From)}</td><td>{Encode(m.Text)}</td>"
                + $"<td><code>{Encode(m.Id)}</code><br><small>{Encode(m.Reference)}</small></td></tr>"));
        return Results.Content($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rail Simulator — SMS sandbox</title>
            <meta http-equiv="refresh" content="5">
            <style>{Style}</style>
            </head><body><h1>SMS sandbox</h1>
            <p>The last {Kept} texts Jade sent, newest first (UTC; this page refreshes itself). Numbers ending in {UnreachableSuffix} are refused as unreachable.
            As JSON: <a href="/sms/messages">/sms/messages</a>.</p>
            <table><thead><tr><th>Received</th><th>To</th><th>From</th><th>Text</th><th>Id / reference</th></tr></thead><tbody>{rows}</tbody></table>
            </body></html>
            """, "text/html; charset=utf-8");
    }

    private static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");
}
