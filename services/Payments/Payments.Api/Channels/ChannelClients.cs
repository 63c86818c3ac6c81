using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Jade.Payments.Channels;

/// <summary>The card acquirer, as payments needs it.</summary>
public interface ICardAcquirer
{
    /// <summary>Creates the charge, or returns the one already created for <see cref="CreateCharge.Reference"/>.</summary>
    Task<Charge> CreateChargeAsync(CreateCharge request, CancellationToken ct);
    Task<Charge> GetChargeAsync(string chargeId, CancellationToken ct);

    /// <summary>Refunds the charge, or returns the refund already requested for <see cref="CreateRefund.Reference"/>.</summary>
    Task<Refund> CreateRefundAsync(CreateRefund request, CancellationToken ct);
    Task<Refund> GetRefundAsync(string refundId, CancellationToken ct);
    Task<Statement> GetStatementAsync(DateOnly date, CancellationToken ct);
}

/// <summary>The card payout rail, as payments needs it.</summary>
public interface IPayoutRail
{
    /// <summary>Requests the payout, or returns the one already requested for <see cref="CreatePayout.Reference"/>.</summary>
    Task<Payout> CreatePayoutAsync(CreatePayout request, CancellationToken ct);
    Task<Payout> GetPayoutAsync(string payoutId, CancellationToken ct);
    Task<Statement> GetStatementAsync(DateOnly date, CancellationToken ct);
}

/// <summary>
/// HTTP client of a channel. Creating requests carry the order id as <c>Idempotency-Key</c>, so the standard resilience
/// handler may retry them: the channel answers a repeat with what it already did.
/// </summary>
internal abstract class ChannelClient(HttpClient http)
{
    protected async Task<T> PostAsync<T>(string path, object body, string idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, ct);
        return await ReadAsync<T>(response, ct);
    }

    protected async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        return await ReadAsync<T>(response, ct);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if ((int)response.StatusCode is >= 400 and < 500 and not (401 or 403 or 408 or 425 or 429))
        {
            throw new ChannelRefusedException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
        // Throttled, timed out, or credentials mid-rotation, like a server error, may pass: no answer yet, asked again later.
        response.EnsureSuccessStatusCode();
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, ct)
                ?? throw new HttpRequestException("The channel answered with an empty body.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // A proxy's error page or a field of the wrong type is an unusable answer, like no answer: callers back off.
            throw new HttpRequestException($"The channel's answer is not what its contract says: {ex.Message}", ex);
        }
    }
}

internal sealed class HttpCardAcquirer(HttpClient http) : ChannelClient(http), ICardAcquirer
{
    public Task<Charge> CreateChargeAsync(CreateCharge request, CancellationToken ct) => PostAsync<Charge>("acquiring/v1/charges", request, request.Reference, ct);
    public Task<Charge> GetChargeAsync(string chargeId, CancellationToken ct) => GetAsync<Charge>($"acquiring/v1/charges/{Uri.EscapeDataString(chargeId)}", ct);
    public Task<Refund> CreateRefundAsync(CreateRefund request, CancellationToken ct) => PostAsync<Refund>("acquiring/v1/refunds", request, request.Reference, ct);
    public Task<Refund> GetRefundAsync(string refundId, CancellationToken ct) => GetAsync<Refund>($"acquiring/v1/refunds/{Uri.EscapeDataString(refundId)}", ct);
    public Task<Statement> GetStatementAsync(DateOnly date, CancellationToken ct) => GetAsync<Statement>($"acquiring/v1/statements?date={date:yyyy-MM-dd}", ct);
}

internal sealed class HttpPayoutRail(HttpClient http) : ChannelClient(http), IPayoutRail
{
    public Task<Payout> CreatePayoutAsync(CreatePayout request, CancellationToken ct) => PostAsync<Payout>("payouts/v1/payouts", request, request.Reference, ct);
    public Task<Payout> GetPayoutAsync(string payoutId, CancellationToken ct) => GetAsync<Payout>($"payouts/v1/payouts/{Uri.EscapeDataString(payoutId)}", ct);
    public Task<Statement> GetStatementAsync(DateOnly date, CancellationToken ct) => GetAsync<Statement>($"payouts/v1/statements?date={date:yyyy-MM-dd}", ct);
}

public static class ChannelRegistration
{
    public static IServiceCollection AddPaymentChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChannelOptions>().Bind(configuration.GetSection("Payments:Channels"));
        services.AddSingleton<ChannelUrls>();
        services.AddHttpClient<ICardAcquirer, HttpCardAcquirer>((sp, http) => Configure(http, sp.GetRequiredService<IOptions<ChannelOptions>>().Value.Acquirer))
            .AddHttpMessageHandler(sp => new SigningHandler(sp.GetRequiredService<IOptions<ChannelOptions>>().Value.Acquirer, sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient<IPayoutRail, HttpPayoutRail>((sp, http) => Configure(http, sp.GetRequiredService<IOptions<ChannelOptions>>().Value.Payouts))
            .AddHttpMessageHandler(sp => new SigningHandler(sp.GetRequiredService<IOptions<ChannelOptions>>().Value.Payouts, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static void Configure(HttpClient http, ChannelEndpoint endpoint)
    {
        http.BaseAddress = endpoint.BaseUrl ?? new Uri("http://localhost:5190/");
        http.Timeout = endpoint.Timeout;
    }
}
