using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Channels;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Jade.Payments.Tests.Channels;

/// <summary>
/// The card acquirer and the payout rail as WireMock.Net servers: third parties we cannot run, scripted per test. By
/// default they accept every create, charge, refund or payout (echoing the reference and amount) and report everything as still in progress;
/// outcomes arrive only as the notifications a test sends with <see cref="NotifyAsync"/>.
/// </summary>
public sealed class ScriptedChannels : IDisposable
{
    public const string AcquirerSecret = "acquirer-test-secret-0123456789";
    public const string PayoutSecret = "payout-test-secret-0123456789ab";

    public WireMockServer Acquirer { get; } = WireMockServer.Start();
    public WireMockServer PayoutRail { get; } = WireMockServer.Start();

    public ScriptedChannels() => Reset();

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Payments:Channels:Acquirer:BaseUrl"] = Acquirer.Url + "/",
        ["Payments:Channels:Acquirer:Secret"] = AcquirerSecret,
        ["Payments:Channels:Payouts:BaseUrl"] = PayoutRail.Url + "/",
        ["Payments:Channels:Payouts:Secret"] = PayoutSecret,
        ["Payments:Channels:Acquirer:Timeout"] = "00:00:03",
        ["Payments:Channels:Payouts:Timeout"] = "00:00:03",
    };

    /// <summary>Back to the default script.</summary>
    public void Reset()
    {
        Acquirer.Reset();
        PayoutRail.Reset();
        Acquirer.Given(Request.Create().WithPath("/acquiring/v1/charges").UsingPost())
            .RespondWith(Response.Create().WithCallback(request => Echo(request, body => new Charge(
                $"ch_{body.GetProperty("reference").GetString()}", body.GetProperty("reference").GetString()!, ChannelStatuses.Pending,
                body.GetProperty("amount").GetInt64(), "CNY", $"{Acquirer.Url}/pay", null, null, DateTimeOffset.UtcNow, null))));
        Acquirer.Given(Request.Create().WithPath("/acquiring/v1/refunds").UsingPost())
            .RespondWith(Response.Create().WithCallback(request => Echo(request, body => new Refund(
                $"re_{body.GetProperty("reference").GetString()}", body.GetProperty("chargeId").GetString()!, body.GetProperty("reference").GetString()!,
                ChannelStatuses.Processing, body.GetProperty("amount").GetInt64(), "CNY", null, DateTimeOffset.UtcNow, null))));
        PayoutRail.Given(Request.Create().WithPath("/payouts/v1/payouts").UsingPost())
            .RespondWith(Response.Create().WithCallback(request => Echo(request, body => new Payout(
                $"po_{body.GetProperty("reference").GetString()}", body.GetProperty("reference").GetString()!, ChannelStatuses.Processing,
                body.GetProperty("amount").GetInt64(), "CNY", body.GetProperty("cardNumber").GetString()![^4..], null, DateTimeOffset.UtcNow, null))));
    }

    /// <summary>What the channel will answer to a status query for <paramref name="objectId"/>.</summary>
    public void ChargeStatus(string chargeId, string reference, string status, long amount) =>
        Acquirer.Given(Request.Create().WithPath($"/acquiring/v1/charges/{chargeId}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(
                new Charge(chargeId, reference, status, amount, "CNY", "", null, "4242", DateTimeOffset.UtcNow, null), true));

    public void RefundStatus(string refundId, string chargeId, string reference, string status, long amount) =>
        Acquirer.Given(Request.Create().WithPath($"/acquiring/v1/refunds/{refundId}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(
                new Refund(refundId, chargeId, reference, status, amount, "CNY", status == ChannelStatuses.Failed ? "card_closed" : null, DateTimeOffset.UtcNow, null), true));

    public void PayoutStatus(string payoutId, string reference, string status, long amount) =>
        PayoutRail.Given(Request.Create().WithPath($"/payouts/v1/payouts/{payoutId}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(
                new Payout(payoutId, reference, status, amount, "CNY", "0005", status == ChannelStatuses.Failed ? "account_closed" : null, DateTimeOffset.UtcNow, null), true));

    /// <summary>Posts a notification as the channel would, signed with <paramref name="secret"/> (its real one unless a test says otherwise).</summary>
    public static async Task<HttpResponseMessage> NotifyAsync(HttpClient payments, string channel, ChannelNotification notification,
        string? secret = null, DateTimeOffset? signedAt = null, bool sign = true)
    {
        var body = JsonSerializer.Serialize(notification, JsonSerializerOptions.Web);
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/payments/{channel}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ChannelSignature.EventIdHeader, notification.Id);
        request.Headers.Add(ChannelSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (sign)
        {
            var key = secret ?? (channel == "acquirer" ? AcquirerSecret : PayoutSecret);
            request.Headers.Add(ChannelSignature.SignatureHeader, ChannelSignature.ForNotification(key, timestamp, body));
        }
        return await payments.SendAsync(request);
    }

    public static ChannelNotification Notification(string type, string objectId, Guid orderId, long amount, string? failure = null) =>
        new($"evt_{Guid.NewGuid():N}", type, objectId, orderId.ToString("D"), type[(type.IndexOf('.') + 1)..], amount, "CNY", failure, DateTimeOffset.UtcNow);

    private static ResponseMessage Echo(IRequestMessage request, Func<JsonElement, object> answer)
    {
        var body = JsonDocument.Parse(request.Body!).RootElement;
        return new ResponseMessage
        {
            StatusCode = 201,
            Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
            BodyData = new BodyData
            {
                DetectedBodyType = BodyType.String,
                BodyAsString = JsonSerializer.Serialize(answer(body), JsonSerializerOptions.Web),
            },
        };
    }

    public void Dispose()
    {
        Acquirer.Stop();
        PayoutRail.Stop();
    }
}
