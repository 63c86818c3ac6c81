using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Jade.Ledger.Api.Tests.LedgerCalls;

namespace Jade.Ledger.Api.Tests;

public sealed class BadInputTests : LedgerFixture
{
    private Guid _settlement;
    private Guid _wallet;

    [OneTimeSetUp]
    public async Task FundAsync() => (_settlement, _wallet, _) = await Service.FundedWalletAsync(1_000);

    private object Good() => Move(Guid.CreateVersion7(), _settlement, _wallet, 1);

    private static readonly string[] TransferCases =
        ["empty", "too_many", "missing_id", "negative_amount", "unknown_flag", "lower_case_currency", "short_currency", "no_list"];

    [TestCaseSource(nameof(TransferCases))]
    public async Task A_bad_transfer_batch_is_rejected_naming_the_field_and_writes_nothing(string name)
    {
        var (body, field) = name switch
        {
            "empty" => ((object)new { transfers = Array.Empty<object>() }, "transfers"),
            "too_many" => (new { transfers = Enumerable.Range(0, 8191).Select(_ => Good()).ToArray() }, "transfers"),
            "missing_id" => (new { transfers = new object[] { new { debitAccountId = _settlement, creditAccountId = _wallet, amount = 1, currency = "CNY", code = 1 } } },
                "transfers[0].id"),
            "negative_amount" => (new { transfers = new[] { Good(), Good(), Good(), Move(Guid.CreateVersion7(), _settlement, _wallet, -5) } },
                "transfers[3].amount"),
            "unknown_flag" => (new { transfers = new[] { Good(), Move(Guid.CreateVersion7(), _settlement, _wallet, 1, "urgent") } }, "transfers[1].flags"),
            "lower_case_currency" => (new { transfers = new object[] { new { id = Guid.CreateVersion7(), debitAccountId = _settlement, creditAccountId = _wallet, amount = 1, currency = "cny", code = 1 } } },
                "transfers[0].currency"),
            "short_currency" => (new { transfers = new object[] { new { id = Guid.CreateVersion7(), debitAccountId = _settlement, creditAccountId = _wallet, amount = 1, currency = "CN", code = 1 } } },
                "transfers[0].currency"),
            _ => (new { }, "transfers"),
        };

        var before = await CountsAsync();
        var response = await Service.PostAsJsonAsync("/api/ledger/transfers", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
            Assert.That(await CountsAsync(), Is.EqualTo(before));
        });
    }

    [TestCase("{\"transfers\": [ {\"id\": ")]
    [TestCase("{\"transfers\": [ {\"id\": \"not-a-guid\"} ] }")]
    [TestCase("{\"transfers\": [ {\"id\": \"0195a1c2-0000-7000-8000-000000000001\", \"amount\": 1.5} ] }")]
    public async Task Malformed_json_is_a_bad_request_and_writes_nothing(string json)
    {
        var before = await CountsAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await Service.PostAsync("/api/ledger/transfers", content);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(await CountsAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task A_bad_account_batch_is_rejected_naming_the_field_and_writes_nothing()
    {
        var before = await CountsAsync();
        var response = await Service.PostAsJsonAsync("/api/ledger/accounts", new
        {
            accounts = new object[]
            {
                Settlement(Guid.CreateVersion7()),
                new { id = Guid.CreateVersion7(), currency = "yuan", code = 202 },
                new { id = Guid.CreateVersion7(), currency = "CNY", code = 202, flags = new[] { "overdraft" } },
                new { currency = "CNY", code = 202 },
            },
        });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(errors.TryGetProperty("accounts[1].currency", out _), Is.True, errors.ToString());
            Assert.That(errors.TryGetProperty("accounts[2].flags", out _), Is.True, errors.ToString());
            Assert.That(errors.TryGetProperty("accounts[3].id", out _), Is.True, errors.ToString());
            Assert.That(await CountsAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Writing_needs_the_write_scope()
    {
        using var reader = App.ClientWith(App.Token("reports", "ledger.read"));
        var response = await reader.PostAsJsonAsync("/api/ledger/transfers", new { transfers = new[] { Good() } });
        using var anonymous = App.CreateClient();
        var noToken = await anonymous.GetAsync($"/api/ledger/accounts/{_wallet}");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(noToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    private async Task<(long Accounts, long Transfers, long Failed)> CountsAsync() =>
        (await App.CountAsync("accounts"), await App.CountAsync("transfers"), await App.CountAsync("failed_transfers"));
}
