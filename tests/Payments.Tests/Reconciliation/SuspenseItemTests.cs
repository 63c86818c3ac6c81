using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Reconciliation;
using Jade.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Payments.Tests.Reconciliation;

/// <summary>The operators' suspense queue: who may see it, how it lists, and resolving an item with a note, audited once.</summary>
public sealed class SuspenseItemTests : PaymentsServiceFixture
{
    private HttpClient Operator() => App.Staff("ops@jade.local", "staff", PaymentsAuthorization.OperatorRole);

    /// <summary>Items on a channel of this test's own, found a minute apart in the order given.</summary>
    private async Task<(string Channel, SuspenseItemRow[] Items)> SeedAsync(params string[] reasons)
    {
        var channel = $"t{Guid.NewGuid():N}"[..12];
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var items = reasons.Select((reason, i) => new SuspenseItemRow
        {
            Id = Guid.CreateVersion7(), StatementDate = new DateOnly(2026, 11, 26), Channel = channel, ObjectId = $"obj_{i}_{Guid.NewGuid():N}",
            Reference = Guid.CreateVersion7().ToString("D"), Reason = reason, ChannelAmount = 1_000 + i, BookedAmount = reason == SuspenseReasons.AmountMismatch ? 900 : null,
            Detail = $"difference {i}", FoundAt = start.AddMinutes(i),
        }).ToArray();
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        db.SuspenseItems.AddRange(items);
        await db.SaveChangesAsync();
        return (channel, items);
    }

    private async Task<SuspensePage> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/payments/suspense?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SuspensePage>())!;
    }

    [Test]
    public async Task Open_items_are_a_queue_oldest_first_filtered_by_reason_and_paged()
    {
        var (channel, items) = await SeedAsync(SuspenseReasons.NotSettled, SuspenseReasons.AmountMismatch, SuspenseReasons.NotSettled, SuspenseReasons.UnknownReference);
        using var client = Operator();

        var all = await ListAsync(client, $"status=open&channel={channel}");
        var notSettled = await ListAsync(client, $"status=open&channel={channel}&reason=not_settled");
        var secondPage = await ListAsync(client, $"status=open&channel={channel}&page=2&pageSize=3");

        Assert.Multiple(() =>
        {
            Assert.That(all.Items.Select(i => i.Id), Is.EqualTo(items.Select(i => i.Id)), "oldest first");
            Assert.That(all.Total, Is.EqualTo(4));
            Assert.That(notSettled.Items.Select(i => i.Id), Is.EqualTo(new[] { items[0].Id, items[2].Id }));
            Assert.That(secondPage.Items.Select(i => i.Id), Is.EqualTo(new[] { items[3].Id }));
            Assert.That((secondPage.Page, secondPage.PageSize, secondPage.Total), Is.EqualTo((2, 3, 4)));
            Assert.That((all.Items[1].ChannelAmount, all.Items[1].BookedAmount, all.Items[1].Status), Is.EqualTo(("10.01", "9.00", "open")));
        });
    }

    [Test]
    public async Task Resolving_records_who_and_why_once_audited_and_a_second_resolution_is_a_conflict()
    {
        var (channel, items) = await SeedAsync(SuspenseReasons.NotBooked);
        using var client = Operator();

        using var resolved = await client.PostAsJsonAsync($"/api/payments/suspense/{items[0].Id}/resolution",
            new { resolution = "  Acquirer settled a charge we had not booked; credited by ledger correction T-1.  " });
        var item = await resolved.Content.ReadFromJsonAsync<SuspenseItem>();
        using var again = await client.PostAsJsonAsync($"/api/payments/suspense/{items[0].Id}/resolution", new { resolution = "second look" });
        var open = await ListAsync(client, $"status=open&channel={channel}");
        var closed = await ListAsync(client, $"status=resolved&channel={channel}");
        var audit = await AuditOfAsync(items[0].Id);

        Assert.Multiple(() =>
        {
            Assert.That(resolved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((item!.Status, item.ResolvedByName), Is.EqualTo(("resolved", "ops@jade.local")));
            Assert.That(item.Resolution, Is.EqualTo("Acquirer settled a charge we had not booked; credited by ledger correction T-1."));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(open.Items, Is.Empty);
            Assert.That(closed.Items.Single().Resolution, Is.EqualTo(item.Resolution), "the first note stands");
            Assert.That(audit.Select(a => (a.Action, a.ActorName)), Is.EqualTo(new[] { ("suspense_item.resolve", (string?)"ops@jade.local") }));
            Assert.That(audit.Single().After, Does.Contain("credited by ledger correction"));
        });
    }

    [Test]
    public async Task Customers_and_staff_without_the_operator_role_see_nothing()
    {
        var (_, items) = await SeedAsync(SuspenseReasons.NotSettled);
        using var customer = App.Customer(Guid.CreateVersion7());
        using var officer = App.Staff("officer@jade.local", "staff", "risk_officer");
        using var anonymous = App.CreateClient();

        foreach (var (client, expected) in new[] { (customer, HttpStatusCode.Forbidden), (officer, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var list = await client.GetAsync("/api/payments/suspense");
            using var read = await client.GetAsync($"/api/payments/suspense/{items[0].Id}");
            using var resolve = await client.PostAsJsonAsync($"/api/payments/suspense/{items[0].Id}/resolution", new { resolution = "mine now" });
            Assert.That(new[] { list.StatusCode, read.StatusCode, resolve.StatusCode }, Is.All.EqualTo(expected));
        }
        Assert.That(await AuditOfAsync(items[0].Id), Is.Empty);
    }

    [TestCase("status=closed", "status")]
    [TestCase("reason=typo", "reason")]
    [TestCase("pageSize=500", "pageSize")]
    [TestCase("page=0", "page")]
    public async Task A_bad_list_query_is_400_naming_the_parameter(string query, string field)
    {
        using var client = Operator();

        using var response = await client.GetAsync($"/api/payments/suspense?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [TestCase(null)]
    [TestCase("   ")]
    [TestCase("toolong")]
    public async Task A_resolution_without_a_note_or_with_an_oversized_one_is_400_and_the_item_stays_open(string? resolution)
    {
        var (channel, items) = await SeedAsync(SuspenseReasons.UnknownReference);
        using var client = Operator();
        var note = resolution == "toolong" ? new string('x', SuspenseItems.MaxResolution + 1) : resolution;

        using var response = await client.PostAsJsonAsync($"/api/payments/suspense/{items[0].Id}/resolution", new { resolution = note });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("resolution", out _), Is.True);
        Assert.That((await ListAsync(client, $"status=open&channel={channel}")).Items, Has.Count.EqualTo(1));
        Assert.That(await AuditOfAsync(items[0].Id), Is.Empty);
    }

    [Test]
    public async Task An_unknown_item_is_404_to_read_and_to_resolve()
    {
        using var client = Operator();
        var unknown = Guid.CreateVersion7();

        using var read = await client.GetAsync($"/api/payments/suspense/{unknown}");
        using var resolve = await client.PostAsJsonAsync($"/api/payments/suspense/{unknown}/resolution", new { resolution = "nothing here" });

        Assert.That((read.StatusCode, resolve.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
    }

    private async Task<List<AuditRecord>> AuditOfAsync(Guid itemId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        return await db.Set<AuditRecord>().AsNoTracking().Where(a => a.EntityId == itemId.ToString()).ToListAsync();
    }
}
