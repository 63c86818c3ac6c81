using System.Net;

namespace Jade.Identity.Tests;

public sealed class AccountPageTests : IdentityFixture
{
    [Test]
    public async Task Register_page_with_a_weak_password_shows_the_error_next_to_the_password_field()
    {
        using var browser = App.NewBrowser();
        var usersBefore = App.CountRows("users");

        using var response = await browser.SubmitFormAsync("/account/register", new Dictionary<string, string>
        {
            ["Email"] = UniqueEmail(),
            ["Password"] = "weakpassword",
            ["ConfirmPassword"] = "weakpassword",
            ["PhoneNumber"] = "",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var passwordError = System.Text.RegularExpressions.Regex.Match(html, "<span id=\"Password-error\"[^>]*data-valmsg-for=\"Password\"[^>]*>([^<]+)</span>");
        Assert.Multiple(() =>
        {
            Assert.That(passwordError.Success, Is.True, html);
            // Chinese is the default language: "密码必须包含大写字母。" / "…数字。"
            Assert.That(passwordError.Groups[1].Value, Does.Contain("密码"));
            Assert.That(html, Does.Contain("aria-describedby=\"Password-hint Password-error\""));
            Assert.That(App.CountRows("users"), Is.EqualTo(usersBefore));
        });
    }

    [Test]
    public async Task Register_page_in_english_after_the_language_switch()
    {
        using var browser = App.NewBrowser();
        using var switched = await browser.Http.GetAsync("/account/culture?culture=en&returnUrl=%2Faccount%2Fregister");
        Assert.That(Browser.LocalTarget(switched), Is.EqualTo("/account/register"));

        using var response = await browser.SubmitFormAsync("/account/register", new Dictionary<string, string>
        {
            ["Email"] = "nope",
            ["Password"] = StrongPassword,
            ["ConfirmPassword"] = "different",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("<html lang=\"en\">"));
        Assert.That(html, Does.Contain("The passwords do not match."));
        Assert.That(html, Does.Contain("Enter a valid email address."));
    }

    [Test]
    public async Task Register_page_success_signs_in_and_returns_to_the_return_url()
    {
        using var browser = App.NewBrowser();
        var email = UniqueEmail();

        using var response = await browser.SubmitFormAsync("/account/register?ReturnUrl=%2Faccount%2Flogout", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = StrongPassword,
            ["ConfirmPassword"] = StrongPassword,
            ["PhoneNumber"] = "13812345678",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Browser.LocalTarget(response), Is.EqualTo("/account/logout"));
        Assert.That(response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("jade.identity=", StringComparison.Ordinal) && c.Contains("httponly") && c.Contains("samesite=lax")), Is.True);
        Assert.That(App.CountRows("users", $"email = '{email}'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Lockout_after_the_configured_failed_logins_refuses_even_the_right_password()
    {
        var email = await RegisterAsync(UniqueEmail());
        using var browser = App.NewBrowser();
        for (var attempt = 1; attempt < IdentityApp.MaxFailedAttempts; attempt++)
        {
            using var failed = await Login(browser, email, "Wrong-Password1");
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "re-rendered with an error");
            Assert.That(await failed.Content.ReadAsStringAsync(), Does.Contain("邮箱或密码不正确"));
        }
        using var lastFailure = await Login(browser, email, "Wrong-Password1");
        Assert.That(Browser.LocalTarget(lastFailure), Is.EqualTo("/account/lockout"));

        using var correct = await Login(browser, email, StrongPassword);

        Assert.That(correct.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Browser.LocalTarget(correct), Is.EqualTo("/account/lockout"));
        var (_, lockoutHtml) = await browser.GetPageAsync("/account/lockout");
        Assert.That(lockoutHtml, Does.Contain("id=\"lockout-message\""));
        Assert.That(correct.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("jade.identity=", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Login_with_a_foreign_return_url_does_not_redirect_off_site()
    {
        var email = await RegisterAsync(UniqueEmail());
        using var browser = App.NewBrowser();

        using var response = await browser.SubmitFormAsync("/account/login?ReturnUrl=https%3A%2F%2Fevil.example%2F",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = StrongPassword });

        Assert.That(Browser.LocalTarget(response), Is.EqualTo("/"));
        Assert.That(Browser.Resolve(response.Headers.Location!).Host, Is.EqualTo("localhost"));
    }

    private static Task<HttpResponseMessage> Login(Browser browser, string email, string password) =>
        browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
}
