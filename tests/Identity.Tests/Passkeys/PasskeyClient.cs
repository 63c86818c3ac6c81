using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jade.Identity.Tests.Passkeys;

/// <summary>The SPA's side of the passkey API for one signed-in customer: begin a ceremony, answer it, manage passkeys.</summary>
public sealed class PasskeyClient(HttpClient api, TokenSet tokens)
{
    public const string Url = "/api/identity/passkeys";

    public TokenSet Tokens => tokens;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body = null) =>
        api.SendAsync(OidcFlow.Bearer(method, url, tokens.AccessToken, body is null ? null : JsonContent.Create(body)));

    public async Task<JsonElement> JsonAsync(HttpMethod method, string url, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{method} {url}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public const string RegistrationsUrl = $"{Url}/registrations";

    /// <summary>Begins a registration with the customer's password: <c>{ ceremonyId, options, expiresAt }</c>.</summary>
    public Task<JsonElement> BeginRegistrationAsync(string password = IdentityFixture.StrongPassword) =>
        JsonAsync(HttpMethod.Post, RegistrationsUrl, new { password });

    public Task<HttpResponseMessage> CompleteRegistrationAsync(JsonElement ceremony, JsonObject credential, string? name = "My phone") =>
        SendAsync(HttpMethod.Post, Url, new { ceremonyId = ceremony.GetProperty("ceremonyId").GetString(), name, credential });

    /// <summary>Registers <paramref name="passkey"/> and returns the passkey the API answers with.</summary>
    public async Task<JsonElement> RegisterAsync(SoftwarePasskey passkey, string name = "My phone", string password = IdentityFixture.StrongPassword)
    {
        var ceremony = await BeginRegistrationAsync(password);
        using var response = await CompleteRegistrationAsync(ceremony, passkey.Create(ceremony.GetProperty("options")), name);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement[]> ListAsync() =>
        [.. (await JsonAsync(HttpMethod.Get, Url)).GetProperty("passkeys").EnumerateArray()];
}
