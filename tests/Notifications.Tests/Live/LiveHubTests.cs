using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Jade.Contracts.Identity;
using Jade.Contracts.Payments;
using Jade.Notifications.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Jade.Notifications.Tests.Live;

public sealed class LiveHubTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private NotificationsApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = await NotificationsApp.StartAsync();
        await WaitUntilListeningAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task A_connected_customer_is_pushed_the_new_message_and_the_unread_count_which_drops_when_read()
    {
        var customer = Guid.CreateVersion7();
        await using var live = await LiveClient.ConnectAsync(this, _app.Token(customer));
        var topUp = new PaymentCompleted(Guid.CreateVersion7(), "topup", customer, null, 10_000, "CNY", null, null, null, null, DateTimeOffset.UtcNow);

        await _app.PublishAsync(topUp);

        var pushed = await live.NextNotificationAsync();
        Assert.That(await live.NextUnreadAsync(), Is.EqualTo(1));
        var id = pushed.GetProperty("id").GetGuid();
        Assert.Multiple(() =>
        {
            Assert.That(pushed.GetProperty("kind").GetString(), Is.EqualTo("topup_completed"));
            Assert.That(pushed.GetProperty("category").GetString(), Is.EqualTo("payments"));
            Assert.That(pushed.GetProperty("title").GetProperty("en").GetString(), Is.EqualTo("Top-up received"));
            Assert.That(pushed.GetProperty("title").GetProperty("zh-CN").GetString(), Is.EqualTo("充值成功"));
            Assert.That(pushed.GetProperty("body").GetProperty("en").GetString(), Is.EqualTo("¥100.00 was added to your wallet."));
            Assert.That(pushed.GetProperty("link").GetString(), Is.EqualTo($"/payments/{topUp.PaymentId:D}"));
            Assert.That(pushed.GetProperty("readAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });

        using var client = _app.ClientFor(customer);
        using var read = await client.PostAsync($"/api/notifications/{id}/read", null);
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await live.NextUnreadAsync(), Is.Zero);
    }

    [Test]
    public async Task Another_customer_connected_at_the_same_time_hears_nothing_of_it_while_every_tab_of_the_owner_does()
    {
        var (alice, bob) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var aliceTab1 = await LiveClient.ConnectAsync(this, _app.Token(alice));
        await using var aliceTab2 = await LiveClient.ConnectAsync(this, _app.Token(alice));
        await using var bobTab = await LiveClient.ConnectAsync(this, _app.Token(bob));

        await _app.PublishAsync(new KycVerified(alice, Guid.CreateVersion7(), 2, DateTimeOffset.UtcNow));

        foreach (var tab in new[] { aliceTab1, aliceTab2 })
        {
            var pushed = await tab.NextNotificationAsync();
            Assert.That(pushed.GetProperty("kind").GetString(), Is.EqualTo("kyc_verified"));
            Assert.That(pushed.GetProperty("title").GetProperty("en").GetString(), Is.EqualTo("Identity verified"));
            Assert.That(await tab.NextUnreadAsync(), Is.EqualTo(1));
        }
        using var aliceClient = _app.ClientFor(alice);
        using var readAll = await aliceClient.PostAsync("/api/notifications/read-all", null);
        Assert.That(readAll.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await aliceTab1.NextUnreadAsync(), Is.Zero);
        Assert.That(await aliceTab2.NextUnreadAsync(), Is.Zero);

        // Bob's connection polls as often as Alice's; anything meant for her would have reached him by now. Give it a
        // moment more all the same.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(bobTab.Notifications, Is.Empty, "Bob was pushed Alice's message");
            Assert.That(bobTab.UnreadCounts, Is.Empty, "Bob was pushed Alice's unread count");
        });
    }

    [Test]
    public async Task Connecting_without_a_token_is_refused_at_negotiate()
    {
        await using var anonymous = Build(token: null);
        var refused = Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Connecting_with_a_token_for_another_service_or_without_the_scope_is_refused()
    {
        var customer = Guid.CreateVersion7();
        await using var otherAudience = Build(_app.Token(customer, audience: "ledger"));
        await using var missingScope = Build(_app.Token(customer, scope: "identity"));

        var wrongAudience = Assert.ThrowsAsync<HttpRequestException>(() => otherAudience.StartAsync());
        var noScope = Assert.ThrowsAsync<HttpRequestException>(() => missingScope.StartAsync());
        Assert.Multiple(() =>
        {
            Assert.That(wrongAudience!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(noScope!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    private HubConnection Build(string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(_app.Server.BaseAddress, "api/notifications/hub"), o =>
        {
            o.HttpMessageHandlerFactory = _ => _app.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            if (token is not null)
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            }
        })
        .Build();

    /// <summary>
    /// The listener LISTENs in the background once the service starts; a push sent before that would be lost (a real
    /// browser reloads the inbox, a test would time out). Signal a probe customer until the hub hears it.
    /// </summary>
    private async Task WaitUntilListeningAsync()
    {
        var probe = Guid.CreateVersion7();
        await using var live = await LiveClient.ConnectAsync(this, _app.Token(probe));
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            await _app.ScalarAsync($"SELECT count(*) FROM (SELECT pg_notify('{LiveSignals.Channel}', 'u:{probe:D}')) n");
            try
            {
                await live.NextUnreadAsync(within: TimeSpan.FromMilliseconds(500));
                return;
            }
            catch (OperationCanceledException)
            {
                // Not listening yet: signal again.
            }
        }
        throw new TimeoutException("The live listener never relayed a signal to the hub.");
    }

    /// <summary>A browser tab's hub connection, keeping what the server pushed.</summary>
    private sealed class LiveClient : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly Channel<JsonElement> _notifications = Channel.CreateUnbounded<JsonElement>();
        private readonly Channel<int> _unread = Channel.CreateUnbounded<int>();

        private LiveClient(HubConnection connection)
        {
            _connection = connection;
            _connection.On<JsonElement>("notification", n => _notifications.Writer.TryWrite(n));
            _connection.On<JsonElement>("unread", u => _unread.Writer.TryWrite(u.GetProperty("unread").GetInt32()));
        }

        /// <summary>Messages pushed and not yet taken.</summary>
        public IReadOnlyList<JsonElement> Notifications => [.. Drain(_notifications.Reader)];

        /// <summary>Unread counts pushed and not yet taken.</summary>
        public IReadOnlyList<int> UnreadCounts => [.. Drain(_unread.Reader)];

        public static async Task<LiveClient> ConnectAsync(LiveHubTests tests, string token)
        {
            var client = new LiveClient(tests.Build(token));
            await client._connection.StartAsync();
            return client;
        }

        public async Task<JsonElement> NextNotificationAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            return await _notifications.Reader.ReadAsync(timeout.Token);
        }

        public async Task<int> NextUnreadAsync(TimeSpan? within = null)
        {
            using var timeout = new CancellationTokenSource(within ?? Patience);
            return await _unread.Reader.ReadAsync(timeout.Token);
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        private static IEnumerable<T> Drain<T>(ChannelReader<T> reader)
        {
            while (reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }
}
