using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.Payments.Cards;
using Jade.Persistence.Idempotency;

namespace Jade.Payments.Tests.Cards;

public sealed class BankCardTests : PaymentsServiceFixture
{
    private const string Pan = "6200000000000005";
    private static object Card(string? number = Pan, string? holder = "张三丰", string? label = "工资卡") =>
        new { cardNumber = number, holderName = holder, label };

    /// <summary>A new customer each time: tests share the service but never a customer.</summary>
    private (HttpClient Client, Guid Customer) NewCustomer()
    {
        var customer = Guid.CreateVersion7();
        return (App.Customer(customer), customer);
    }

    [Test]
    public async Task A_bound_card_is_listed_masked_and_its_number_is_encrypted_at_rest()
    {
        var (client, customer) = NewCustomer();

        var bound = await client.PostAsJsonAsync("/api/payments/cards", Card("6200 0000 0000 0005"));
        var view = await bound.Content.ReadFromJsonAsync<BankCardView>();
        var list = await client.GetFromJsonAsync<List<BankCardView>>("/api/payments/cards");
        var stored = await App.ColumnAsync($"SELECT number || ' ' || holder_name FROM payments.bank_cards WHERE customer_id = '{customer}'");

        Assert.Multiple(() =>
        {
            Assert.That(bound.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(bound.Headers.Location!.ToString(), Is.EqualTo($"/api/payments/cards/{view!.Id}"));
            Assert.That(view.MaskedNumber, Is.EqualTo("6200 00** **** 0005"));
            Assert.That(view.Last4, Is.EqualTo("0005"));
            Assert.That(view.HolderName, Is.EqualTo("张**"));
            Assert.That(view.Label, Is.EqualTo("工资卡"));
            Assert.That(list!.Select(c => c.Id), Is.EqualTo(new[] { view.Id }));
            Assert.That(stored, Has.Count.EqualTo(1));
            Assert.That(stored[0], Does.Not.Contain(Pan).And.Not.Contain("000000000").And.Not.Contain("张三丰"));
        });
    }

    [Test]
    public async Task A_customer_never_sees_or_removes_another_customers_card()
    {
        var (alice, _) = NewCustomer();
        var (bob, _) = NewCustomer();
        var card = await (await alice.PostAsJsonAsync("/api/payments/cards", Card())).Content.ReadFromJsonAsync<BankCardView>();

        var bobReads = await bob.GetAsync($"/api/payments/cards/{card!.Id}");
        var bobRemoves = await bob.DeleteAsync($"/api/payments/cards/{card.Id}");
        var bobsList = await bob.GetFromJsonAsync<List<BankCardView>>("/api/payments/cards");
        var aliceReads = await alice.GetAsync($"/api/payments/cards/{card.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(bobReads.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(bobRemoves.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(bobsList, Is.Empty);
            Assert.That(aliceReads.StatusCode, Is.EqualTo(HttpStatusCode.OK), "bob's attempt changed nothing");
        });
    }

    [Test]
    public async Task A_removed_card_leaves_the_list_and_cannot_be_removed_twice()
    {
        var (client, _) = NewCustomer();
        var card = await (await client.PostAsJsonAsync("/api/payments/cards", Card())).Content.ReadFromJsonAsync<BankCardView>();

        var removed = await client.DeleteAsync($"/api/payments/cards/{card!.Id}");
        var again = await client.DeleteAsync($"/api/payments/cards/{card.Id}");
        var list = await client.GetFromJsonAsync<List<BankCardView>>("/api/payments/cards");
        var rebound = await client.PostAsJsonAsync("/api/payments/cards", Card());

        Assert.Multiple(() =>
        {
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(list, Is.Empty);
            Assert.That(rebound.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a removed card can be bound again");
        });
    }

    [Test]
    public async Task The_same_card_twice_is_a_409_and_at_most_ten_cards_are_bound()
    {
        var (client, customer) = NewCustomer();
        await client.PostAsJsonAsync("/api/payments/cards", Card());

        var duplicate = await client.PostAsJsonAsync("/api/payments/cards", Card("6200-0000-0000-0005", "Zhang San", null));
        string[] others = ["4111111111111111", "4222222222222", "5555555555554444", "378282246310005", "6205500000000000004",
            "4012888888881881", "5105105105105100", "6011111111111117", "3530111333300000"];
        foreach (var number in others) Assert.That((await client.PostAsJsonAsync("/api/payments/cards", Card(number))).StatusCode, Is.EqualTo(HttpStatusCode.Created), number);
        var eleventh = await client.PostAsJsonAsync("/api/payments/cards", Card("6011000990139424"));

        Assert.Multiple(async () =>
        {
            Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await duplicate.Content.ReadAsStringAsync(), Does.Contain("already bound"));
            Assert.That(eleventh.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await eleventh.Content.ReadAsStringAsync(), Does.Contain("At most 10"));
            Assert.That(await App.ColumnAsync($"SELECT id FROM payments.bank_cards WHERE customer_id = '{customer}'"), Has.Count.EqualTo(10));
        });
    }

    [Test]
    public async Task Concurrent_binds_of_one_card_bind_it_once()
    {
        var (client, customer) = NewCustomer();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsJsonAsync("/api/payments/cards", Card())));

        Assert.That(answers.Select(a => a.StatusCode).Order(),
            Is.EqualTo(new[] { HttpStatusCode.Created }.Concat(Enumerable.Repeat(HttpStatusCode.Conflict, 5))));
        Assert.That(await App.ColumnAsync($"SELECT id FROM payments.bank_cards WHERE customer_id = '{customer}'"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Concurrent_binds_never_pass_ten_cards()
    {
        var (client, customer) = NewCustomer();
        string[] numbers = ["4111111111111111", "4222222222222", "5555555555554444", "378282246310005", "6205500000000000004",
            "4012888888881881", "5105105105105100", "6011111111111117", "3530111333300000", "6011000990139424", Pan, "6200000000000013"];

        var answers = await Task.WhenAll(numbers.Select(n => client.PostAsJsonAsync("/api/payments/cards", Card(n))));

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.EqualTo(10));
        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(2));
        Assert.That(await App.ColumnAsync($"SELECT id FROM payments.bank_cards WHERE customer_id = '{customer}'"), Has.Count.EqualTo(10));
    }

    [TestCase("""{ "cardNumber": "6200000000000050", "holderName": "Li Wei" }""", "cardNumber")]
    [TestCase("""{ "cardNumber": "62000000", "holderName": "Li Wei" }""", "cardNumber")]
    [TestCase("""{ "cardNumber": "6200 0000 0000 000x", "holderName": "Li Wei" }""", "cardNumber")]
    [TestCase("""{ "holderName": "Li Wei" }""", "cardNumber")]
    [TestCase("""{ "cardNumber": "6200000000000005", "holderName": "   " }""", "holderName")]
    [TestCase("""{ "cardNumber": "6200000000000005" }""", "holderName")]
    [TestCase("""{ "cardNumber": "6200000000000005", "holderName": "Li\u0000Wei" }""", "holderName")]
    [TestCase("""{ "cardNumber": "6200000000000005", "holderName": "Li Wei", "label": "0123456789012345678901234567890123456789x" }""", "label")]
    public async Task Bad_input_is_a_400_naming_the_field_and_binds_nothing(string body, string field)
    {
        var (client, customer) = NewCustomer();

        var response = await client.PostAsync("/api/payments/cards", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), Is.True, await response.Content.ReadAsStringAsync());
        Assert.That(await App.ColumnAsync($"SELECT id FROM payments.bank_cards WHERE customer_id = '{customer}'"), Is.Empty);
    }

    [TestCase("not json")]
    [TestCase("")]
    [TestCase("[1, 2]")]
    [TestCase("""{ "cardNumber": 6200000000000005, "holderName": "Li Wei" }""")]
    public async Task A_body_that_is_not_a_card_request_is_a_400(string body)
    {
        var (client, customer) = NewCustomer();

        var response = await client.PostAsync("/api/payments/cards", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await App.ColumnAsync($"SELECT id FROM payments.bank_cards WHERE customer_id = '{customer}'"), Is.Empty);
    }

    [Test]
    public async Task Only_a_customer_token_for_payments_reaches_the_cards()
    {
        using var anonymous = App.CreateClient();
        using var otherAudience = App.ClientWith(App.Token(Guid.CreateVersion7().ToString(), "ledger", "payments"));
        using var noScope = App.ClientWith(App.Token(Guid.CreateVersion7().ToString(), "payments", "ledger"));
        using var service = App.ClientWith(App.Token("some-service", "payments", "payments"));

        Assert.Multiple(async () =>
        {
            Assert.That((await anonymous.GetAsync("/api/payments/cards")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await otherAudience.GetAsync("/api/payments/cards")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await noScope.GetAsync("/api/payments/cards")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await service.GetAsync("/api/payments/cards")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "not a customer");
        });
    }

    [Test]
    public async Task Binding_retried_with_its_idempotency_key_binds_once()
    {
        var (client, customer) = NewCustomer();
        async Task<HttpResponseMessage> BindAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/cards") { Content = JsonContent.Create(Card()) };
            request.Headers.Add(IdempotencyKeys.Header, "bind-once");
            return await client.SendAsync(request);
        }

        var first = await BindAsync();
        var retry = await BindAsync();

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the first answer, not 'already bound'");
        Assert.That(await retry.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(await App.ColumnAsync($"SELECT id FROM payments.bank_cards WHERE customer_id = '{customer}'"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Neither_the_card_number_nor_the_holders_name_is_ever_logged()
    {
        var (client, _) = NewCustomer();
        App.Logs.Clear();

        await client.PostAsJsonAsync("/api/payments/cards", Card("6205 5000 0000 0000 004", "欧阳小明"));
        await client.PostAsJsonAsync("/api/payments/cards", Card("6205 5000 0000 0000 005", "欧阳小明")); // bad check digit
        await client.GetAsync("/api/payments/cards");

        var lines = App.Logs.Lines;
        Assert.That(lines, Has.Some.Contains("ending 0004"), "the card is logged by its last four digits");
        foreach (var secret in new[] { "6205500000000000004", "6205500000000000005", "6205 5000", "5000 0000", "欧阳小明" })
        {
            Assert.That(lines.Where(l => l.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"'{secret}' appears in the logs");
        }
    }
}
