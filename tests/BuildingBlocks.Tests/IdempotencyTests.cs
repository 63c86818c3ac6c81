using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Jade.BuildingBlocks.Tests;

/// <summary>
/// <c>Idempotency-Key</c> on a small orders API over a real database: each test gets its own database and host.
/// The caller is whoever the <c>X-Test-User</c> header names.
/// </summary>
public sealed class IdempotencyTests
{
    private const string Schema = "orders";

    private TestDatabase _database = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    // NUnit shares one fixture instance between tests: everything a test can change is made afresh in SetUp.
    private FakeTimeProvider _time = null!;
    private TaskCompletionSource _gate = null!;
    private TaskCompletionSource _entered = null!;
    private int _failuresToServe;

    [SetUp]
    public async Task StartAsync()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate.SetResult(); // requests pass straight through unless a test closes the gate
        _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _failuresToServe = 0;
        _database = await TestDatabase.CreateAsync(Schema);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration[$"ConnectionStrings:{Schema}"] = _database.ConnectionString(Schema);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddProblemDetails();
        builder.AddServiceDatabase<OrdersDb>(Schema);
        builder.AddIdempotencyKeys<OrdersDb>();
        _app = builder.Build();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrdersDb>().Database.EnsureCreatedAsync();
        }
        _app.Use((context, next) =>
        {
            if (context.Request.Headers["X-Test-User"].ToString() is { Length: > 0 } user)
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user)], "test"));
            return next(context);
        });
        _app.UseIdempotencyKeys<OrdersDb>();
        _app.MapPost("/orders", CreateOrderAsync).RequireIdempotencyKey();
        _app.MapPost("/notes", () => TypedResults.Ok(new { Saved = true })).AcceptIdempotencyKey();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<IResult> CreateOrderAsync(OrderRequest request, OrdersDb db, HttpContext http)
    {
        _entered.TrySetResult();
        await _gate.Task;
        if (Interlocked.Decrement(ref _failuresToServe) >= 0) return TypedResults.Problem("The card network timed out.", statusCode: 503);
        var order = new Order { Id = Guid.CreateVersion7(), Owner = http.User.FindFirst("sub")?.Value ?? "", Amount = request.Amount };
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return TypedResults.Created($"/orders/{order.Id}", order);
    }

    [Test]
    public async Task The_same_key_and_body_twice_creates_one_order_and_replays_the_first_answer()
    {
        var first = await PostOrderAsync("alice", "key-1", 100);
        var second = await PostOrderAsync("alice", "key-1", 100);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(second.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(second.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(first.Headers.Contains(IdempotencyKeys.ReplayedHeader), Is.False);
        Assert.That(second.Headers.GetValues(IdempotencyKeys.ReplayedHeader), Is.EqualTo(new[] { "true" }));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        await PostOrderAsync("alice", "key-1", 100);

        var other = await PostOrderAsync("alice", "key-1", 250);

        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(other.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await other.Content.ReadAsStringAsync(), Does.Contain("different request"));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_key_in_flight_answers_409_to_a_second_request_until_the_first_completes()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = PostOrderAsync("alice", "key-1", 100);
        await _entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var second = await PostOrderAsync("alice", "key-1", 100);
        _gate.SetResult();

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await second.Content.ReadAsStringAsync(), Does.Contain("still being processed").And.Contain(IdempotencyKeys.InProgressType),
            "a client can tell this 409 (retry with the same key) from a refusal");
        Assert.That((await first).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await PostOrderAsync("alice", "key-1", 100)).StatusCode, Is.EqualTo(HttpStatusCode.Created), "replayed once done");
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Concurrent_retries_with_one_key_create_one_order()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PostOrderAsync("alice", "key-race", 100)));

        Assert.That(answers.Select(a => a.StatusCode), Has.All.AnyOf(HttpStatusCode.Created, HttpStatusCode.Conflict));
        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.GreaterThanOrEqualTo(1));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Keys_belong_to_their_caller_so_two_customers_may_choose_the_same_key()
    {
        var alice = await PostOrderAsync("alice", "shared-key", 100);
        var bob = await PostOrderAsync("bob", "shared-key", 100);

        Assert.That(alice.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(bob.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(bob.Headers.Contains(IdempotencyKeys.ReplayedHeader), Is.False, "bob never sees alice's answer");
        Assert.That(await CountOrdersAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_server_error_releases_the_key_so_a_retry_runs_again()
    {
        _failuresToServe = 1;

        var failed = await PostOrderAsync("alice", "key-1", 100);
        var retried = await PostOrderAsync("alice", "key-1", 100);

        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(retried.Headers.Contains(IdempotencyKeys.ReplayedHeader), Is.False);
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_key_left_in_flight_by_a_dead_request_is_taken_over_after_the_lease()
    {
        var hash = await FingerprintOfAsync("alice", "key-1", 100);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            // What a process killed mid-request leaves behind: the key claimed, no answer.
            var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
            db.Add(new IdempotencyKey { Owner = "sub:alice", Key = "key-1", RequestHash = hash, Status = IdempotencyKey.InFlight,
                LockedUntil = _time.GetUtcNow().AddMinutes(1), CreatedAt = _time.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var during = await PostOrderAsync("alice", "key-1", 100);
        _time.Advance(TimeSpan.FromMinutes(2));
        var after = await PostOrderAsync("alice", "key-1", 100);

        Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(1));
    }

    [TestCase(null, "must carry")]
    [TestCase("", "must carry")]
    [TestCase("has space", "visible ASCII")]
    [TestCase("ключ", "visible ASCII")]
    public async Task A_missing_or_malformed_key_is_400_naming_the_header_and_writes_nothing(string? key, string message)
    {
        using var request = OrderRequestMessage("alice", key, 100);
        if (key == "ключ") request.Headers.TryAddWithoutValidation(IdempotencyKeys.Header, key);

        var response = await _client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("errors").GetProperty(IdempotencyKeys.Header)[0].GetString(), Does.Contain(message));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(0));
        Assert.That(await CountKeysAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task A_key_longer_than_255_characters_is_400()
    {
        var response = await PostOrderAsync("alice", new string('k', 256), 100);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await CountOrdersAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task An_endpoint_that_only_accepts_keys_runs_without_one_and_replays_with_one()
    {
        var without = await _client.PostAsJsonAsync("/notes", new { Text = "hi" });
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { Text = "hi" }) };
        keyed.Headers.Add(IdempotencyKeys.Header, "note-1");
        await _client.SendAsync(keyed);
        using var again = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { Text = "hi" }) };
        again.Headers.Add(IdempotencyKeys.Header, "note-1");
        var replayed = await _client.SendAsync(again);

        Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(replayed.Headers.GetValues(IdempotencyKeys.ReplayedHeader), Is.EqualTo(new[] { "true" }));
    }

    [Test]
    public async Task The_hourly_sweep_forgets_keys_older_than_the_retention()
    {
        await PostOrderAsync("alice", "old-key", 100);
        _time.Advance(TimeSpan.FromHours(23));
        await PostOrderAsync("alice", "new-key", 100);

        // Two more hours: the sweeper's timer fires, "old-key" is now 25 hours old, "new-key" 2.
        _time.Advance(TimeSpan.FromHours(2));
        var left = await Eventually.WaitForAsync(CountKeysAsync, n => n == 1, TimeSpan.FromSeconds(10));

        Assert.That(left, Is.EqualTo(1));
        Assert.That((await PostOrderAsync("alice", "new-key", 100)).Headers.Contains(IdempotencyKeys.ReplayedHeader), Is.True);
        Assert.That((await PostOrderAsync("alice", "old-key", 100)).Headers.Contains(IdempotencyKeys.ReplayedHeader), Is.False,
            "a forgotten key is a new request");
    }

    private HttpRequestMessage OrderRequestMessage(string user, string? key, long amount)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(new OrderRequest(amount)) };
        request.Headers.Add("X-Test-User", user);
        if (key is { Length: > 0 } && key.All(char.IsAscii)) request.Headers.TryAddWithoutValidation(IdempotencyKeys.Header, key);
        return request;
    }

    private async Task<HttpResponseMessage> PostOrderAsync(string user, string key, long amount)
    {
        using var request = OrderRequestMessage(user, key, amount);
        var response = await _client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>The fingerprint a request gets, read back from the row a throwaway key leaves.</summary>
    private async Task<byte[]> FingerprintOfAsync(string user, string key, long amount)
    {
        await PostOrderAsync(user, "probe-" + key, amount);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
        var probe = await db.Set<IdempotencyKey>().SingleAsync(k => k.Key == "probe-" + key);
        db.Remove(probe);
        await db.Orders.ExecuteDeleteAsync();
        await db.SaveChangesAsync();
        return probe.RequestHash;
    }

    private async Task<int> CountOrdersAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrdersDb>().Orders.CountAsync();
    }

    private async Task<int> CountKeysAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrdersDb>().Set<IdempotencyKey>().CountAsync();
    }
}

public sealed record OrderRequest(long Amount);

public sealed class Order
{
    public Guid Id { get; init; }
    public required string Owner { get; init; }
    public long Amount { get; init; }
}

public sealed class OrdersDb(DbContextOptions<OrdersDb> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("orders");
        modelBuilder.Entity<Order>().HasKey(o => o.Id);
        modelBuilder.AddIdempotencyKeys();
    }
}
