using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jade.ServiceDefaults;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Jade.Identity.Tests;

/// <summary>
/// Identity as in a cluster: an https public issuer, TLS ended at the ingress, the gateway's and the services' calls
/// to it plain HTTP (the test server is http://localhost/ and trusted as a proxy, like loopback and the pod network).
/// </summary>
public sealed class BackchannelTests : IdentityFixture
{
    private const string PublicIssuer = "https://jade.example.com/";
    private const string InternalMetadataAddress = "http://localhost/.well-known/openid-configuration";

    protected override void ConfigureApp(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting("Identity:Issuer", PublicIssuer);

    [Test]
    public async Task A_plain_http_request_without_the_public_origin_is_refused()
    {
        using var api = App.NewApiClient();

        using var response = await api.GetAsync("/.well-known/openid-configuration");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Through_the_back_channel_handler_the_discovery_document_names_the_public_origin()
    {
        using var backchannel = BackchannelClient();

        using var response = await backchannel.GetAsync(InternalMetadataAddress);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var discovery = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(discovery.GetProperty("issuer").GetString(), Is.EqualTo(PublicIssuer));
            Assert.That(discovery.GetProperty("authorization_endpoint").GetString(), Is.EqualTo(PublicIssuer + "connect/authorize"));
            Assert.That(discovery.GetProperty("token_endpoint").GetString(), Is.EqualTo(PublicIssuer + "connect/token"));
            Assert.That(discovery.GetProperty("jwks_uri").GetString(), Does.StartWith(PublicIssuer));
        });
    }

    [Test]
    public async Task A_token_validating_service_reads_the_signing_keys_in_cluster()
    {
        // As JwtBearer does with AddJadeJwtBearer's options: an http metadata address, jwks_uri on the public origin.
        using var backchannel = BackchannelClient();

        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(
            InternalMetadataAddress, new HttpDocumentRetriever(backchannel) { RequireHttps = false }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(configuration.Issuer, Is.EqualTo(PublicIssuer));
            Assert.That(configuration.SigningKeys, Is.Not.Empty);
        });
    }

    private HttpClient BackchannelClient() =>
        new(new IdentityBackchannelHandler(new Uri(PublicIssuer), new Uri(InternalMetadataAddress)) { InnerHandler = App.Server.CreateHandler() });
}
