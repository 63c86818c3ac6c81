using System.Text.Json;

namespace Jade.Payments.Tests.Transfers;

/// <summary>
/// The OpenAPI document names the refusals each route really gives: a <c>ProblemHttpResult</c> inside <c>Results&lt;…&gt;</c>
/// describes nothing by itself, and neither do the idempotency middleware or the rate limiter.
/// </summary>
public sealed partial class TransferRequestTests
{
    [Test]
    public async Task The_OpenAPI_document_lists_the_refusals_of_the_payment_routes()
    {
        using var document = JsonDocument.Parse(await App.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        string[] Responses(string path, string method) =>
            [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name)];
        // What the idempotency middleware answers before the endpoint runs: a missing or malformed key, the first
        // request still running, a body too large to fingerprint, the key used for another request.
        string[] keyed = ["400", "409", "413", "422"];

        Assert.Multiple(() =>
        {
            Assert.That(Responses("/api/payments/transfers", "post"), Is.SupersetOf(keyed.Concat(["202", "403", "404", "423"])));
            Assert.That(Responses("/api/payments/withdrawals", "post"), Is.SupersetOf(keyed.Concat(["202", "403", "404", "423"])));
            Assert.That(Responses("/api/payments/topups", "post"), Is.SupersetOf(keyed.Concat(["201", "503"])));
            Assert.That(Responses("/api/payments/cards", "post"), Is.SupersetOf(keyed.Concat(["201"])));
            Assert.That(Responses("/api/payments/payees", "get"), Is.SupersetOf(new[] { "200", "400", "404", "409", "422", "429" }));
            Assert.That(Responses("/api/payments/pin", "put"), Is.SupersetOf(new[] { "204", "400", "403", "409", "423" }));
            Assert.That(Responses("/api/payments/pin/reset", "post"), Is.SupersetOf(new[] { "204", "400", "403", "429" }));
            Assert.That(Responses("/api/payments/orders/{id}/receipt", "get"), Is.SupersetOf(new[] { "200", "404", "409" }));
            Assert.That(Responses("/api/payments/orders/{id}/cancel", "post"), Is.SupersetOf(keyed.Concat(["200", "404"])));
            Assert.That(Responses("/partner/v1/payments", "post"), Is.SupersetOf(keyed.Concat(["202", "429"])));
            Assert.That(Responses("/partner/v1/payments", "get"), Is.SupersetOf(new[] { "200", "400", "429" }));
            Assert.That(Responses("/partner/v1/payments/limits", "get"), Is.SupersetOf(new[] { "200", "429" }));
            Assert.That(Responses("/partner/v1/payments/{id}", "get"), Is.SupersetOf(new[] { "200", "404", "429" }));
            Assert.That(Responses("/partner/v1/payments/{id}/cancellation", "post"), Is.SupersetOf(keyed.Concat(["200", "404", "429"])));
            Assert.That(Responses("/webhooks/payments/acquirer", "post"), Is.EquivalentTo(new[] { "200", "400", "401", "413" }));
            Assert.That(Responses("/webhooks/payments/payouts", "post"), Is.EquivalentTo(new[] { "200", "400", "401", "413" }));
            Assert.That(Responses("/api/payments/suspense/{id}/resolution", "post"), Is.SupersetOf(keyed.Concat(["200", "404"])));
            // A read nothing refuses lists no refusal either.
            Assert.That(Responses("/api/payments/limits", "get"), Is.EquivalentTo(new[] { "200" }));
        });
    }
}
