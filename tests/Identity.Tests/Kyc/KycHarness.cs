using System.Net.Http.Json;
using System.Text.Json;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Identity.Tests.Kyc;

/// <summary>Signing in customers, calling the KYC API with their tokens, delivering risk's verdicts and reading behind the API.</summary>
public abstract class KycFixture : IdentityFixture
{
    public const string Path = "/api/identity/kyc";

    [OneTimeSetUp]
    public async Task WaitForBusAsync() => await App.WaitUntilHealthyAsync();

    /// <summary>A registered, signed-in customer: their id and access token.</summary>
    protected async Task<(Guid UserId, string Token)> NewCustomerAsync()
    {
        var email = await RegisterAsync(UniqueEmail());
        var tokens = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var api = App.NewApiClient();
        using var me = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, "/api/identity/me", tokens.AccessToken));
        var id = (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (id, tokens.AccessToken);
    }

    protected async Task<(HttpResponseMessage Response, JsonElement Body)> SubmitAsync(string token, object body)
    {
        using var api = App.NewApiClient();
        var response = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, Path, token, JsonContent.Create(body)));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    protected async Task<(HttpResponseMessage Response, string Text)> PostRawAsync(string token, HttpContent content)
    {
        using var api = App.NewApiClient();
        var response = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, Path, token, content));
        return (response, await response.Content.ReadAsStringAsync());
    }

    protected async Task<JsonElement> StatusAsync(string token)
    {
        using var api = App.NewApiClient();
        using var response = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, Path, token));
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A customer whose identity risk has cleared: KYC level 2.</summary>
    protected async Task<(Guid UserId, string Token)> VerifiedCustomerAsync()
    {
        var (userId, token) = await NewCustomerAsync();
        var (submitted, body) = await SubmitAsync(token, Submission(nationalId: NewPrcId(new DateOnly(1985, 6, 15)), dateOfBirth: "1985-06-15"));
        Assert.That(submitted.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted), body.ToString());
        await DeliverAsync(Verdict(SubmissionIdOf(userId), userId, KycOutcomes.Cleared), token, "verified");
        return (userId, token);
    }

    protected async Task<(HttpResponseMessage Response, JsonElement Body)> ApplyForUpgradeAsync(string token, object body)
    {
        using var api = App.NewApiClient();
        var response = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, Path + "/upgrade", token, JsonContent.Create(body)));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    protected async Task<JsonElement> UpgradeStatusAsync(string token)
    {
        using var api = App.NewApiClient();
        using var response = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Get, Path + "/upgrade", token));
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected static object Application(string occupation = "employee", string? employer = "Jade Test Works", string sourceOfFunds = "salary",
        string annualIncome = "200k_500k", string purpose = "daily_spending", string address = "北京市朝阳区建国路 88 号 1 单元 101") =>
        new { occupation, employer, sourceOfFunds, annualIncome, purpose, address };

    /// <summary>Delivers an officer's decision on a level 3 application and waits until the application is <paramref name="expectedStatus"/>.</summary>
    protected async Task<OutgoingMessage> DecideUpgradeAsync(CaseResolved decision, string token, string expectedStatus)
    {
        var transport = App.Services.GetRequiredService<IMessageTransport>();
        var message = new OutgoingMessage(Guid.CreateVersion7(), typeof(CaseResolved), decision, CorrelationId: null);
        var status = await transport.PublishUntilAsync(message, async () => (await UpgradeStatusAsync(token)).GetProperty("status").GetString(),
            s => s == expectedStatus, TimeSpan.FromSeconds(45));
        Assert.That(status, Is.EqualTo(expectedStatus));
        return message;
    }

    protected static CaseResolved UpgradeDecision(Guid applicationId, Guid userId, string resolution) =>
        new(Guid.CreateVersion7(), "kyc_upgrade", applicationId, userId, resolution, DateTimeOffset.UtcNow);

    protected static object Submission(string legalName = "张小三", string nationalId = "11010519491231002X",
        string dateOfBirth = "1949-12-31", string nationality = "CN", string phone = "13812345678") =>
        new { legalName, nationalId, dateOfBirth, nationality, phone };

    /// <summary>A fresh valid CN id for <paramref name="dob"/> (random area and sequence), so tests never share one.</summary>
    protected static string NewPrcId(DateOnly dob)
    {
        var first17 = $"{Random.Shared.Next(110000, 660000)}{dob:yyyyMMdd}{Random.Shared.Next(0, 1000):D3}";
        return PrcResidentIdTests.WithCheck(first17);
    }

    /// <summary>Delivers risk's verdict over the real broker and waits until the customer's status is <paramref name="expectedStatus"/>.</summary>
    protected async Task<OutgoingMessage> DeliverAsync(KycScreeningCompleted verdict, string token, string expectedStatus, Guid? messageId = null)
    {
        var transport = App.Services.GetRequiredService<IMessageTransport>();
        var message = new OutgoingMessage(messageId ?? Guid.CreateVersion7(), typeof(KycScreeningCompleted), verdict, CorrelationId: null);
        var status = await transport.PublishUntilAsync(message, async () => (await StatusAsync(token)).GetProperty("status").GetString(),
            s => s == expectedStatus, TimeSpan.FromSeconds(45));
        Assert.That(status, Is.EqualTo(expectedStatus));
        return message;
    }

    /// <summary>Publishes once and gives the consumer time; for deliveries that must change nothing.</summary>
    protected async Task DeliverOnceAsync(OutgoingMessage message)
    {
        await App.Services.GetRequiredService<IMessageTransport>().PublishAsync(message, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    protected static KycScreeningCompleted Verdict(Guid submissionId, Guid userId, string outcome, Guid? caseId = null) =>
        new(submissionId, userId, outcome, caseId, outcome == KycOutcomes.Cleared ? [] : ["possible sanctions match"], DateTimeOffset.UtcNow);

    protected Guid SubmissionIdOf(Guid userId) => Scalar<Guid>("SELECT submission_id FROM identity.kyc_profiles WHERE user_id = @p", userId);

    /// <summary>Outbox payloads of one message type that mention <paramref name="userId"/>.</summary>
    protected List<JsonElement> OutboxMessages(string typeName, Guid userId) => App.OutboxPayloads(typeName, userId.ToString());

    protected T Scalar<T>(string sql, object parameter)
    {
        using var connection = App.Database.OpenAdminConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("p", parameter);
        return (T)command.ExecuteScalar()!;
    }
}
