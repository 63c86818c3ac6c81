using System.Net;
using System.Text.Json;
using Jade.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jade.Identity.Tests.Passkeys;

/// <summary>
/// Adding a passkey needs the password again: a signed-in session alone (a stolen one, say) cannot add a lasting way to
/// sign in, and cannot be used to guess the password either.
/// </summary>
public sealed class PasskeyReauthenticationTests : PasskeyFixture
{
    private const int MaxFailedAttempts = IdentityApp.MaxFailedAttempts;
    private readonly CollectingLoggerProvider _logs = new();

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    private long Ceremonies(string userId) => App.CountRows("passkey_ceremonies", $"user_id = '{userId}'");

    [Test]
    public async Task Without_the_password_or_with_a_wrong_one_no_registration_begins()
    {
        var (client, _, userId) = await CustomerAsync();

        using var noBody = await client.SendAsync(HttpMethod.Post, PasskeyClient.RegistrationsUrl, new { });
        using var empty = await client.SendAsync(HttpMethod.Post, PasskeyClient.RegistrationsUrl, new { password = "" });
        using var wrong = await client.SendAsync(HttpMethod.Post, PasskeyClient.RegistrationsUrl, new { password = "Wrong-Horse7Battery" });

        await PasskeyManagementTests.AssertFieldErrorAsync(noBody, "password");
        await PasskeyManagementTests.AssertFieldErrorAsync(empty, "password");
        var problem = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").GetProperty("password")[0].GetString(), Is.AnyOf("The current password is not correct.", "当前密码不正确。"));
            Assert.That(Ceremonies(userId), Is.Zero, "nothing begun");
            Assert.That(_logs.Lines, Has.None.Contains("Wrong-Horse7Battery"), "the password is never logged");
        });
    }

    [Test]
    public async Task Wrong_passwords_count_towards_lockout_and_a_locked_account_cannot_add_a_passkey()
    {
        var (client, _, userId) = await CustomerAsync();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < MaxFailedAttempts; i++)
        {
            using var response = await client.SendAsync(HttpMethod.Post, PasskeyClient.RegistrationsUrl, new { password = $"Wrong-Horse{i}Battery" });
            answers.Add(response.StatusCode);
        }
        using var rightButLocked = await client.SendAsync(HttpMethod.Post, PasskeyClient.RegistrationsUrl, new { password = StrongPassword });
        var problem = JsonDocument.Parse(await rightButLocked.Content.ReadAsStringAsync()).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.EqualTo(new[] { HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, (HttpStatusCode)423 }),
                "the attempt that reaches the limit is answered as locked");
            Assert.That((int)rightButLocked.StatusCode, Is.EqualTo(423));
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("https://jade.example/problems/locked-out"));
            Assert.That(Ceremonies(userId), Is.Zero);
        });
    }

    [Test]
    public async Task The_right_password_clears_earlier_wrong_ones()
    {
        var (client, _, _) = await CustomerAsync();

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < MaxFailedAttempts - 1; i++)
            {
                using var wrong = await client.SendAsync(HttpMethod.Post, PasskeyClient.RegistrationsUrl, new { password = "Wrong-Horse7Battery" });
                Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            }
            await client.BeginRegistrationAsync();
        }
    }
}
