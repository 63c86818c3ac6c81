using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Jade.Notifications.Deliveries;

/// <summary>
/// The SMS provider's HTTP API, modelled on common SMS gateways: <c>POST /v1/messages</c> with a bearer API key and an
/// <c>Idempotency-Key</c> (the delivery id, so a retried send is one text), answering the provider's message id.
/// </summary>
public sealed class SmsSender(HttpClient http, IOptions<SmsOptions> options)
{
    public async Task<string> SendAsync(DeliveryRow delivery, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = JsonContent.Create(new { to = delivery.Recipient, from = options.Value.SenderId, text = delivery.Body, reference = delivery.Id }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ApiKey);
        request.Headers.Add("Idempotency-Key", delivery.SendKey);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(ct);
            var permanent = (int)response.StatusCode is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout);
            throw new DeliveryFailedException($"SMS provider answered {(int)response.StatusCode}: {detail}", permanent);
        }
        var accepted = await response.Content.ReadFromJsonAsync<SmsAccepted>(ct);
        return accepted?.Id ?? "";
    }

    private sealed record SmsAccepted(string Id, string? Status);
}

/// <summary>A send that failed; <see cref="Permanent"/> ones (the provider refused the request itself) are not retried.</summary>
public sealed class DeliveryFailedException(string message, bool permanent) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}
