using System.Net;
using System.Net.Http.Json;

namespace Jade.Identity.Tests.Sessions;

/// <summary>A password change signs out every other session, in the BFF (refresh tokens) and in other browsers (the identity cookie).</summary>
public sealed class SessionRevocationTests : IdentityFixture
{
    private const string NewPassword = "Another-Good-Pass2";

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
        });
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
    }

    private async Task ChangePasswordAsync(string accessToken)
    {
        using var api = App.NewApiClient();
        using var changed = await api.SendAsync(OidcFlow.Bearer(HttpMethod.Post, "/api/identity/password", accessToken,
            JsonContent.Create(new { currentPassword = StrongPassword, newPassword = NewPassword })));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await changed.Content.ReadAsStringAsync());
    }
}
