using System.Net.Http.Json;
using System.Text.Json;
using Jade.Messaging;
using Jade.Risk.Screening;
using Jade.Testing;

namespace Jade.Risk.Tests;

/// <summary>One risk service per test class (screening and cases change state that other classes must not see).</summary>
public abstract class RiskServiceFixture
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    protected RiskApp App { get; private set; } = null!;
    protected HttpClient Screener { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartRiskAsync()
    {
        App = await RiskApp.StartAsync();
        Screener = App.Screener();
    }

    [OneTimeTearDown]
    public async Task StopRiskAsync()
    {
        Screener?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }

    protected async Task<ScreeningResponse> ScreenAsync(object request)
    {
        var response = await Screener.PostAsJsonAsync("/api/risk/screenings", request);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ScreeningResponse>())!;
    }

    /// <summary>A screening request body; amounts in minor units.</summary>
    protected static Dictionary<string, object?> Transaction(long amount, Guid payer, Guid? payee = null, string type = "p2p",
        string? device = null, DateTimeOffset? at = null, string? payeeName = null) => new()
    {
        ["transactionId"] = Guid.CreateVersion7(),
        ["type"] = type,
        ["amount"] = amount,
        ["currency"] = "CNY",
        ["payerId"] = payer,
        ["payeeId"] = payee ?? (type == "p2p" ? Guid.CreateVersion7() : null),
        ["payeeName"] = payeeName,
        ["channel"] = "app",
        // Each customer on their own phone unless a test shares one: device velocity counts across customers.
        ["deviceId"] = device ?? $"phone-{payer:N}",
        ["ipAddress"] = "203.0.113.9",
        ["occurredAt"] = at ?? DateTimeOffset.UtcNow,
    };

    /// <summary>Messages of type <typeparamref name="T"/> in the service's outbox whose payload matches the condition.</summary>
    protected async Task<List<T>> OutboxAsync<T>(string payloadCondition = "true", object? id = null)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT payload::text FROM risk.outbox_messages WHERE split_part(type, ',', 1) = @type AND {payloadCondition} ORDER BY created_at";
        command.Parameters.AddWithValue("type", typeof(T).FullName!);
        if (id is not null) command.Parameters.AddWithValue("id", id.ToString()!);
        var found = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), JsonSerializerOptions.Web)!);
        return found;
    }

    protected Task<List<T>> EventuallyOutboxAsync<T>(string condition, object id, int count = 1) =>
        Eventually.WaitForAsync(() => OutboxAsync<T>(condition, id), m => m.Count >= count, Wait);

    /// <summary>Delivers <paramref name="message"/> through the broker until <paramref name="consumed"/> holds.</summary>
    protected Task<T> DeliverAsync<TMessage, T>(TMessage message, Func<Task<T>> probe, Func<T, bool> consumed) where TMessage : class =>
        App.Services.GetRequiredService<IMessageTransport>().PublishUntilAsync(
            new OutgoingMessage(Guid.CreateVersion7(), typeof(TMessage), message, null), probe, consumed, Wait);
}
