using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Jade.Contracts.Identity;
using Jade.Identity.Devices;
using Jade.Identity.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Jade.Identity.Tests.Devices;

/// <summary>
/// Sign-ins from a browser the user has not used before write one <c>LoginFromNewDevice</c> to identity's outbox; the
/// registering browser and browsers already seen do not. Requests arrive as from the gateway on loopback, with the
/// client's address in X-Forwarded-For.
/// </summary>
public sealed class NewDeviceSignInTests : IdentityFixture
{
    private const string ChromeOnLinux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string FirefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

    protected override void ConfigureApp(IWebHostBuilder builder) =>
        // The test server leaves the peer address empty; a real request to identity comes from the gateway on loopback.
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, FromLoopbackGateway>());

    [Test]
    public async Task A_fresh_browser_after_registering_on_another_raises_exactly_one_alert_and_the_registering_browser_none()
    {
        var email = UniqueEmail();
        using var registering = NewBrowser("198.51.100.23", ChromeOnLinux);
        using (var registered = await registering.SubmitFormAsync("/account/register", new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = StrongPassword, ["ConfirmPassword"] = StrongPassword,
        }))
        {
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await registered.Content.ReadAsStringAsync());
            Assert.That(DeviceCookieOf(registered), Is.Not.Null, "registration hands out the device cookie");
        }
        var userId = UserIdOf(email);
        Assert.That(App.CountRows("known_devices", $"user_id = '{userId}'"), Is.EqualTo(1), "the registering browser is known");

        using (var again = await SignInAsync(registering, email))
        {
            Assert.That(Alerts(userId), Is.Empty, "the registering browser's first sign-in raises no alert");
        }

        using var fresh = NewBrowser("203.0.113.57", FirefoxOnWindows);
        var before = DateTimeOffset.UtcNow;
        using (var first = await SignInAsync(fresh, email))
        {
            var alert = Alerts(userId).Single();
            Assert.Multiple(() =>
            {
                Assert.That(alert.GetProperty("userId").GetGuid(), Is.EqualTo(userId));
                Assert.That(alert.GetProperty("ipAddress").GetString(), Is.EqualTo("203.0.113.x"));
                Assert.That(alert.GetProperty("device").GetString(), Is.EqualTo("Firefox on Windows"));
                Assert.That(alert.GetProperty("loginId").GetGuid(), Is.Not.EqualTo(Guid.Empty));
                Assert.That(alert.GetProperty("loginId").GetGuid().Version, Is.EqualTo(7));
                Assert.That(alert.GetProperty("signedInAt").GetDateTimeOffset(), Is.EqualTo(before).Within(TimeSpan.FromMinutes(1)));
                Assert.That(App.CountRows("known_devices", $"user_id = '{userId}'"), Is.EqualTo(2));
                Assert.That(App.CountRows("known_devices",
                    $"user_id = '{userId}' AND masked_ip = '203.0.113.x' AND user_agent_summary = 'Firefox on Windows'"), Is.EqualTo(1));
            });
        }

        using (var second = await SignInAsync(fresh, email))
        {
            Assert.That(Alerts(userId), Has.Count.EqualTo(1), "the same browser again: no second alert");
        }
        Assert.That(App.CountRows("known_devices", $"user_id = '{userId}'"), Is.EqualTo(2));
        Assert.That(SignIns(userId), Is.EqualTo(new[]
        {
            ("password", "Chrome on Linux", false, "198.51.100.23"),
            ("password", "Firefox on Windows", true, "203.0.113.57"),
            ("password", "Firefox on Windows", false, "203.0.113.57"),
        }), "every completed sign-in is in the customer's security trail; registering is not a sign-in");
    }

    [Test]
    public async Task Devices_are_per_user_so_a_second_user_on_the_same_browser_gets_an_alert_of_their_own()
    {
        var first = await RegisterAsync(UniqueEmail());
        var second = await RegisterAsync(UniqueEmail());
        var (firstId, secondId) = (UserIdOf(first), UserIdOf(second));
        using var shared = NewBrowser("203.0.113.9", ChromeOnLinux);

        using (var response = await SignInAsync(shared, first))
        {
            Assert.That(Alerts(firstId), Has.Count.EqualTo(1));
        }
        using (var response = await SignInAsync(shared, second))
        {
            Assert.That(Alerts(secondId), Has.Count.EqualTo(1), "the browser is known to the first user only");
        }
        using (var response = await SignInAsync(shared, first))
        {
            Assert.That(Alerts(firstId), Has.Count.EqualTo(1));
        }
        using (var response = await SignInAsync(shared, second))
        {
            Assert.That(Alerts(secondId), Has.Count.EqualTo(1));
        }
        Assert.That(App.CountRows("known_devices", $"user_id IN ('{firstId}', '{secondId}')"), Is.EqualTo(2));
        Assert.That(App.CountRows("known_devices", $"user_id = '{firstId}' AND device_hash = (SELECT device_hash FROM identity.known_devices WHERE user_id = '{secondId}')"),
            Is.EqualTo(1), "one browser, one device id, one row per user");
    }

    [Test]
    public async Task The_device_cookie_is_httponly_secure_lax_long_lived_and_only_its_hash_is_stored()
    {
        var email = await RegisterAsync(UniqueEmail());
        using var browser = NewBrowser("2001:db8:85a3:8d3:1319:8a2e:370:7348", ChromeOnLinux, https: true);

        using var response = await SignInAsync(browser, email);

        var cookie = DeviceCookieOf(response);
        Assert.That(cookie, Is.Not.Null);
        var attributes = cookie!.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        var value = cookie.Split(';')[0][(DeviceCookie.Name.Length + 1)..];
        var expires = DateTimeOffset.Parse(attributes.Single(a => a.StartsWith("expires=", StringComparison.Ordinal))["expires=".Length..],
            System.Globalization.CultureInfo.InvariantCulture);
        var userId = UserIdOf(email);
        Assert.Multiple(() =>
        {
            Assert.That(value, Does.Match("^[0-9a-f]{32}$"), "128 random bits");
            Assert.That(attributes, Does.Contain("httponly"));
            Assert.That(attributes, Does.Contain("secure"));
            Assert.That(attributes, Does.Contain("samesite=lax"));
            Assert.That(attributes, Does.Contain("path=/"));
            Assert.That(attributes, Does.Contain("max-age=34560000"), "400 days");
            Assert.That(expires, Is.EqualTo(DateTimeOffset.UtcNow.AddDays(400)).Within(TimeSpan.FromMinutes(5)));
            Assert.That(App.CountRows("known_devices",
                $"user_id = '{userId}' AND device_hash = '\\x{Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(value)))}'::bytea"), Is.EqualTo(1));
            Assert.That(App.CountRows("known_devices", $"user_id = '{userId}' AND masked_ip = '2001:db8:85a3:8d3::x'"), Is.EqualTo(1));
            Assert.That(Alerts(userId).Single().GetProperty("ipAddress").GetString(), Is.EqualTo("2001:db8:85a3:8d3::x"));
        });
    }

    [Test]
    public async Task With_two_step_verification_the_alert_comes_after_the_second_step_by_code_or_recovery_code()
    {
        var email = await RegisterAsync(UniqueEmail());
        var userId = UserIdOf(email);
        var (totp, recoveryCodes) = await EnableTwoFactorAsync(email);

        using (var browser = NewBrowser("203.0.113.10", ChromeOnLinux))
        {
            using var password = await SignInAsync(browser, email);
            Assert.That(Browser.LocalTarget(password), Does.StartWith("/account/loginwith2fa"));
            Assert.That(DeviceCookieOf(password), Is.Null);
            Assert.That(Alerts(userId), Is.Empty, "the password alone is not a completed sign-in");

            using var code = await browser.SubmitFormAsync(Browser.LocalTarget(password), new Dictionary<string, string> { ["Code"] = totp.ComputeTotp() });
            Assert.That(code.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await code.Content.ReadAsStringAsync());
            Assert.That(DeviceCookieOf(code), Is.Not.Null);
            Assert.That(Alerts(userId), Has.Count.EqualTo(1));
        }

        using (var browser = NewBrowser("203.0.113.11", FirefoxOnWindows))
        {
            using var password = await SignInAsync(browser, email);
            using var recovery = await browser.SubmitFormAsync("/account/loginwithrecoverycode",
                new Dictionary<string, string> { ["RecoveryCode"] = recoveryCodes[0] });
            Assert.That(recovery.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await recovery.Content.ReadAsStringAsync());
            Assert.That(Alerts(userId), Has.Count.EqualTo(2));
            Assert.That(Alerts(userId)[1].GetProperty("ipAddress").GetString(), Is.EqualTo("203.0.113.x"));
        }
        Assert.That(SignIns(userId).Select(s => (s.Method, s.Device)), Is.EqualTo(new[]
        {
            ("password_authenticator", "Chrome on Linux"), ("password_recovery_code", "Firefox on Windows"),
        }), "the password step alone is no sign-in; each completed one says how it was proven");
    }

    [Test]
    public async Task A_failed_sign_in_records_nothing()
    {
        var email = await RegisterAsync(UniqueEmail());
        using var browser = NewBrowser("203.0.113.12", ChromeOnLinux);

        using var response = await browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = "Wrong-Password1" });

        var userId = UserIdOf(email);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(DeviceCookieOf(response), Is.Null);
            Assert.That(App.CountRows("known_devices", $"user_id = '{userId}'"), Is.Zero);
            Assert.That(Alerts(userId), Is.Empty);
            Assert.That(SignIns(userId), Is.Empty);
        });
    }

    [Test]
    public async Task Staff_sign_ins_are_recognised_the_same_way()
    {
        var email = UniqueEmail();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
            var staff = new JadeUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, Language = "zh-CN", CreatedAt = DateTimeOffset.UtcNow };
            Assert.That((await users.CreateAsync(staff, StrongPassword)).Succeeded, Is.True);
            Assert.That((await users.AddToRoleAsync(staff, Roles.Staff)).Succeeded, Is.True);
        }
        var userId = UserIdOf(email);
        using var browser = NewBrowser("203.0.113.13", ChromeOnLinux);

        using (var first = await SignInAsync(browser, email))
        {
            Assert.That(Alerts(userId), Has.Count.EqualTo(1));
        }
        using (var second = await SignInAsync(browser, email))
        {
            Assert.That(Alerts(userId), Has.Count.EqualTo(1));
        }
    }

    private Browser NewBrowser(string clientAddress, string userAgent, bool https = false)
    {
        var http = App.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri(https ? "https://localhost/" : "http://localhost/"),
        });
        http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        return new Browser(http);
    }

    private static async Task<HttpResponseMessage> SignInAsync(Browser browser, string email)
    {
        var response = await browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = StrongPassword });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response;
    }

    private static string? DeviceCookieOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith(DeviceCookie.Name + "=", StringComparison.Ordinal))
            : null;

    private async Task<(Totp Totp, string[] RecoveryCodes)> EnableTwoFactorAsync(string email)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<JadeUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToArray();
        return (new Totp(Base32Encoding.ToBytes(key)), codes);
    }

    private Guid UserIdOf(string email)
    {
        using var connection = App.Database.OpenAdminConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM identity.users WHERE email = @e";
        command.Parameters.AddWithValue("e", email);
        return (Guid)command.ExecuteScalar()!;
    }

    /// <summary>The <c>LoginFromNewDevice</c> payloads in identity's outbox for <paramref name="userId"/>, oldest first.</summary>
    /// <summary>The user's sign-ins in the security audit trail: (method, browser, new device, client address), oldest first.</summary>
    private List<(string Method, string Device, bool NewDevice, string? Address)> SignIns(Guid userId)
    {
        using var connection = App.Database.OpenAdminConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT after, source_ip, actor_id FROM identity.audit_log WHERE action = 'sign_in' AND entity_id = @u ORDER BY id";
        command.Parameters.AddWithValue("u", userId.ToString());
        using var reader = command.ExecuteReader();
        var result = new List<(string, string, bool, string?)>();
        while (reader.Read())
        {
            var after = JsonDocument.Parse(reader.GetString(0)).RootElement;
            Assert.That(reader.GetString(2), Is.EqualTo(userId.ToString()), "the customer is the actor of their own sign-in");
            result.Add((after.GetProperty("method").GetString()!, after.GetProperty("device").GetString()!, after.GetProperty("newDevice").GetBoolean(),
                reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        return result;
    }

    private List<JsonElement> Alerts(Guid userId) => App.OutboxPayloads(nameof(LoginFromNewDevice), userId.ToString());

    private sealed class FromLoopbackGateway : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
