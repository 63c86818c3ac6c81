using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Jade.Testing;

/// <summary>A RabbitMQ virtual host of its own per fixture, so messages of one test never reach another's consumers.</summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _api;

    private TestVirtualHost(string name, HttpClient api)
    {
        Name = name;
        _api = api;
    }

    public string Name { get; }

    public Uri AmqpUri => new UriBuilder(LocalInfrastructure.RabbitMq) { Path = "/" + Uri.EscapeDataString(Name) }.Uri;

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var apiUri = LocalInfrastructure.RabbitMqApi;
        var api = new HttpClient { BaseAddress = new UriBuilder(apiUri) { UserName = "", Password = "" }.Uri };
        var credentials = Uri.UnescapeDataString(apiUri.UserInfo);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var name = $"t_{RandomNumberGenerator.GetHexString(10, lowercase: true)}";
        (await api.PutAsync($"vhosts/{name}", null)).EnsureSuccessStatusCode();
        var user = credentials.Split(':')[0];
        using var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await api.PutAsync($"permissions/{name}/{user}", permissions)).EnsureSuccessStatusCode();
        return new TestVirtualHost(name, api);
    }

    /// <summary>Messages waiting in a queue of this vhost (e.g. an error queue), from the management API.</summary>
    public async Task<int> QueueDepthAsync(string queue)
    {
        using var response = await _api.GetAsync($"queues/{Name}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == System.Text.Json.JsonValueKind.Number
            ? messages.GetInt32()
            : 0;
    }

    /// <summary>Every queue with its depth and every binding of this vhost, for a failing test to show where a message went.</summary>
    public async Task<string> DescribeAsync()
    {
        var queues = await _api.GetStringAsync($"queues/{Name}?columns=name,messages,messages_ready,messages_unacknowledged,consumers");
        var bindings = await _api.GetStringAsync($"bindings/{Name}");
        return $"queues: {queues}\nbindings: {bindings}";
    }

    public async ValueTask DisposeAsync()
    {
        using var _ = await _api.DeleteAsync($"vhosts/{Name}");
        _api.Dispose();
    }
}
