using System.Net;
using System.Net.Http.Json;
using Jade.Contracts.Identity;
using Jade.ServiceDefaults;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Jade.Identity.Tests.Sessions;

/// <summary>
/// A password change, or the customer asking for it, signs out every other session: in the BFF (refresh tokens, and at
/// once through the back-channel logout) and in other browsers (the identity cookie).
/// </summary>
public sealed class SessionRevocationTests : IdentityFixture
{
    private const string NewPassword = "Another-Good-Pass2";
    private readonly LogoutReceiver _gateway = new();

    protected override void ConfigureApp(IWebHostBuilder builder) =>
        builder.UseSetting("Identity:Clients:0:BackchannelLogoutUri", _gateway.Address.ToString());

    [OneTimeSetUp]
    public Task StartGatewayAsync() => _gateway.StartAsync();

    [OneTimeTearDown]
    public async Task StopGatewayAsync() => await _gateway.DisposeAsync();

    [Test]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_this_one()
    {
        var email = await RegisterAsync(UniqueEmail());
        var here = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var otherBrowser = App.NewBrowser();
        var elsewhere = await OidcFlow.SignInAsync(App, otherBrowser, email, StrongPassword);

        await ChangePasswordAsync(here.AccessToken);

        using var keptHere = await OidcFlow.RefreshAsync(App, here.RefreshToken!);
        using var endedElsewhere = await OidcFlow.RefreshAsync(App, elsewhere.RefreshToken!);
        var (_, challenge) = OidcFlow.NewPkce();
        using var silentAuthorize = await otherBrowser.Http.GetAsync(OidcFlow.AuthorizeUrl(challenge, "s2"));
        Assert.Multiple(async () =>
        {
            Assert.That(keptHere.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the session that changed the password stays");
            Assert.That(endedElsewhere.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await endedElsewhere.Content.ReadAsStringAsync(), Does.Contain("invalid_grant"));
            Assert.That(Browser.LocalTarget(silentAuthorize), Does.StartWith("/account/login"),
                "the other browser's identity cookie cannot fetch a new code: it must sign in with the new password");
            Assert.That(App.OutboxPayloads(nameof(PasswordChanged), SubjectOf(here)), Has.Count.EqualTo(1), "the customer is alerted, in case it was not them");
        });
        var ended = App.OutboxPayloads(nameof(SessionEnded), SubjectOf(here));
        Assert.That(ended.Select(e => (e.GetProperty("sessionId").GetString(), e.GetProperty("clientId").GetString(), e.GetProperty("reason").GetString())),
            Is.EqualTo(new[] { (SessionOf(elsewhere), IdentityApp.BffClientId, SessionEndReasons.PasswordChanged) }), "one announcement, for the other session");
        await AssertGatewayToldAsync(elsewhere, SubjectOf(here));
        Assert.That(_gateway.For(SessionOf(here)), Is.Empty, "the session that made the change is not logged out");
    }

    [Test]
    public async Task A_gateway_that_fails_to_take_the_logout_is_told_again()
    {
        var email = await RegisterAsync(UniqueEmail());
        var here = await OidcFlow.SignInAsync(App, email, StrongPassword);
        var elsewhere = await OidcFlow.SignInAsync(App, email, StrongPassword);
        _gateway.AnswerNext(SessionOf(elsewhere), StatusCodes.Status503ServiceUnavailable);

        using var done = await SignOutOthersAsync(here.AccessToken, StrongPassword);

        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var told = await Eventually.WaitForAsync(() => Task.FromResult(_gateway.For(SessionOf(elsewhere)).Count), n => n >= 2, TimeSpan.FromSeconds(30));
        Assert.That(told, Is.GreaterThanOrEqualTo(2), "refused once with 503, then posted again");
        Assert.That(App.OutboxPayloads(nameof(SessionEnded), SubjectOf(here)).Single().GetProperty("reason").GetString(),
            Is.EqualTo(SessionEndReasons.SignedOutElsewhere));
    }

    [Test]
    public async Task A_refused_password_change_ends_nothing()
    {
        var email = await RegisterAsync(UniqueEmail());
        var here = await OidcFlow.SignInAsync(App, email, StrongPassword);
        var elsewhere = await OidcFlow.SignInAsync(App, email, StrongPassword);

        using var api = App.NewApiClient();
        using var weak = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/password", here.AccessToken,
            JsonContent.Create(new { currentPassword = StrongPassword, newPassword = "short" })));
        using var stillElsewhere = await OidcFlow.RefreshAsync(App, elsewhere.RefreshToken!);

        Assert.That(weak.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(stillElsewhere.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(App.OutboxPayloads(nameof(PasswordChanged), SubjectOf(here)), Is.Empty, "nothing changed, nothing to alert");
    }

    [Test]
    public async Task Signing_out_elsewhere_needs_the_password_and_ends_only_the_other_sessions()
    {
        var email = await RegisterAsync(UniqueEmail());
        var here = await OidcFlow.SignInAsync(App, email, StrongPassword);
        using var otherBrowser = App.NewBrowser();
        var elsewhere = await OidcFlow.SignInAsync(App, otherBrowser, email, StrongPassword);

        using var missing = await SignOutOthersAsync(here.AccessToken, null);
        using var wrong = await SignOutOthersAsync(here.AccessToken, "Not-The-Password1");
        using var stillElsewhere = await OidcFlow.RefreshAsync(App, elsewhere.RefreshToken!);
        Assert.That(stillElsewhere.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a refused request ends nothing");
        var rotated = OidcFlow.ParseTokens(await stillElsewhere.Content.ReadAsStringAsync()).RefreshToken!;

        using var done = await SignOutOthersAsync(here.AccessToken, StrongPassword);
        using var keptHere = await OidcFlow.RefreshAsync(App, here.RefreshToken!);
        using var endedElsewhere = await OidcFlow.RefreshAsync(App, rotated);
        var (_, challenge) = OidcFlow.NewPkce();
        using var silentAuthorize = await otherBrowser.Http.GetAsync(OidcFlow.AuthorizeUrl(challenge, "s3"));
        Assert.Multiple(async () =>
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("\"password\""));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await done.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("sessionsEnded").GetInt32(), Is.EqualTo(1));
            Assert.That(keptHere.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(endedElsewhere.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Browser.LocalTarget(silentAuthorize), Does.StartWith("/account/login"));
            Assert.That(App.CountRows("audit_log", $"action = 'sessions.sign_out_others' AND actor_name = '{email}'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Signing_out_elsewhere_needs_a_signed_in_customer()
    {
        using var api = App.NewApiClient();
        using var response = await api.PostAsJsonAsync("/api/identity/sessions/sign-out-others", new { password = StrongPassword });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static string SubjectOf(TokenSet tokens) => OidcFlow.Payload(tokens.AccessToken).GetProperty("sub").GetString()!;

    /// <summary>Identity's id of the session the tokens belong to: their OpenIddict authorization.</summary>
    private static string SessionOf(TokenSet tokens) => OidcFlow.Payload(tokens.AccessToken).GetProperty("oi_au_id").GetString()!;

    /// <summary>The gateway receives one valid logout token for the session, naming it and its customer.</summary>
    private async Task AssertGatewayToldAsync(TokenSet session, string subject)
    {
        var sid = SessionOf(session);
        await Eventually.WaitForAsync(() => Task.FromResult(_gateway.For(sid).Count), n => n > 0, TimeSpan.FromSeconds(20));
        var told = _gateway.For(sid);
        Assert.That(told, Has.Count.EqualTo(1), "the gateway is told once");
        using var api = App.NewApiClient();
        var validated = await LogoutReceiver.ValidateAsync(told[0].EncodedToken, api, "http://localhost/", IdentityApp.BffClientId);
        Assert.Multiple(() =>
        {
            Assert.That(validated.IsValid, Is.True, validated.Exception?.Message);
            Assert.That(told[0].Subject, Is.EqualTo(subject));
            Assert.That(told[0].TryGetPayloadValue<object>("nonce", out _), Is.False);
            Assert.That(OidcFlow.Payload(told[0].EncodedToken).GetProperty("events").TryGetProperty(LogoutTokens.EventType, out _), Is.True);
        });
    }

    private async Task<HttpResponseMessage> SignOutOthersAsync(string accessToken, string? password)
    {
        using var api = App.NewApiClient();
        return await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/sessions/sign-out-others", accessToken,
            JsonContent.Create(new { password })));
    }

    private async Task ChangePasswordAsync(string accessToken)
    {
        using var api = App.NewApiClient();
        using var changed = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/password", accessToken,
            JsonContent.Create(new { currentPassword = StrongPassword, newPassword = NewPassword })));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await changed.Content.ReadAsStringAsync());
    }
}
