using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Orders;
using Jade.Testing;

namespace Jade.Payments.Tests.Transfers;

/// <summary>The customer API as the SPA calls it.</summary>
public static class PaymentCalls
{
    public const string Pin = "135790";

    public static async Task SetPinAsync(this HttpClient customer, string pin = Pin)
    {
        var response = await customer.PutAsJsonAsync("/api/payments/pin", new { pin });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A payment-creating POST: JSON body and an <c>Idempotency-Key</c> (a new one unless the test reuses one).</summary>
    public static Task<HttpResponseMessage> PostWithKeyAsync(this HttpClient client, string path, object body, string? key = null) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(body),
            Headers = { { "Idempotency-Key", key ?? Guid.NewGuid().ToString() } },
        });

    public static Task<HttpResponseMessage> SendAsync(this HttpClient customer, Guid payee, string amount, string? key = null, string pin = Pin, string? memo = null) =>
        customer.PostWithKeyAsync("/api/payments/transfers", new { payeeId = payee, amount, currency = "CNY", memo, pin }, key);

    public static async Task<PaymentView> SendAcceptedAsync(this HttpClient customer, Guid payee, string amount)
    {
        var response = await customer.SendAsync(payee, amount);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PaymentView>())!;
    }

    public static async Task<PaymentDetail> DetailAsync(this HttpClient customer, Guid id) =>
        (await customer.GetFromJsonAsync<PaymentDetail>($"/api/payments/orders/{id}", JsonSerializerOptions.Web))!;

    /// <summary>Polls the order as the SPA does until it reaches <paramref name="status"/> (or the time runs out).</summary>
    public static async Task<PaymentDetail> WaitForAsync(this HttpClient customer, Guid id, string status, TimeSpan? timeout = null)
    {
        var detail = await Eventually.WaitForAsync(() => customer.DetailAsync(id), d => d.Status == status, timeout ?? TimeSpan.FromSeconds(30));
        Assert.That(detail.Status, Is.EqualTo(status), () => $"Payment {id}: {string.Join(" → ", detail.Timeline.Select(t => $"{t.Status}({t.Detail})"))}");
        return detail;
    }

    public static async Task<PaymentDetail> WaitForFinalAsync(this HttpClient customer, Guid id, TimeSpan? timeout = null) =>
        await Eventually.WaitForAsync(() => customer.DetailAsync(id), d => d.Status is PaymentStatuses.Completed or PaymentStatuses.Failed,
            timeout ?? TimeSpan.FromSeconds(60));
}
