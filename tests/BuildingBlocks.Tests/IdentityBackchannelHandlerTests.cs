using System.Net;
using Jade.ServiceDefaults;

namespace Jade.BuildingBlocks.Tests;

public sealed class IdentityBackchannelHandlerTests
{
    private static readonly Uri PublicIssuer = new("https://jade.example.com/");
    private static readonly Uri InternalMetadata = new("http://identity/.well-known/openid-configuration");

    [TestCase("https://jade.example.com/.well-known/jwks", "http://identity/.well-known/jwks")]
    [TestCase("https://jade.example.com/connect/token?x=1", "http://identity/connect/token?x=1")]
    [TestCase("https://JADE.example.com/connect/token", "http://identity/connect/token")]
    public async Task A_request_to_the_public_origin_goes_to_identitys_internal_address(string requested, string sent)
    {
        var recorder = new Recorder();
        using var client = Client(recorder);

        using var response = await client.GetAsync(new Uri(requested));

        Assert.That(recorder.Requests.Single().Uri, Is.EqualTo(new Uri(sent)));
    }

    [TestCase("https://jade.example.com:8443/connect/token")]
    [TestCase("http://jade.example.com/connect/token")]
    [TestCase("https://elsewhere.example.com/connect/token")]
    public async Task A_request_to_another_origin_is_left_alone_and_gets_no_forwarded_headers(string requested)
    {
        var recorder = new Recorder();
        using var client = Client(recorder);

        using var response = await client.GetAsync(new Uri(requested));

        var sent = recorder.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Uri, Is.EqualTo(new Uri(requested)));
            Assert.That(sent.Proto, Is.Empty);
            Assert.That(sent.Host, Is.Empty);
        });
    }

    [TestCase("https://jade.example.com/.well-known/jwks")]
    [TestCase("http://identity/.well-known/openid-configuration")]
    public async Task Every_request_to_identity_presents_the_public_scheme_and_host(string requested)
    {
        var recorder = new Recorder();
        using var client = Client(recorder);

        using var response = await client.GetAsync(new Uri(requested));

        var sent = recorder.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Proto, Is.EqualTo(new[] { "https" }));
            Assert.That(sent.Host, Is.EqualTo(new[] { "jade.example.com" }));
        });
    }

    [Test]
    public async Task A_non_default_public_port_is_part_of_the_forwarded_host()
    {
        var recorder = new Recorder();
        using var client = Client(recorder, new Uri("http://localhost:5000/"), new Uri("http://localhost:5101/.well-known/openid-configuration"));

        using var response = await client.GetAsync(new Uri("http://localhost:5000/connect/token"));

        var sent = recorder.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Uri, Is.EqualTo(new Uri("http://localhost:5101/connect/token")));
            Assert.That(sent.Proto, Is.EqualTo(new[] { "http" }));
            Assert.That(sent.Host, Is.EqualTo(new[] { "localhost:5000" }));
        });
    }

    [Test]
    public async Task A_resent_request_carries_each_header_once()
    {
        var recorder = new Recorder();
        using var invoker = new HttpMessageInvoker(new IdentityBackchannelHandler(PublicIssuer, InternalMetadata) { InnerHandler = recorder });
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://jade.example.com/.well-known/jwks");
        request.Headers.TryAddWithoutValidation(IdentityBackchannelHandler.ForwardedHostHeader, "spoofed.example.com");

        using (await invoker.SendAsync(request, CancellationToken.None))
        {
        }
        using (await invoker.SendAsync(request, CancellationToken.None))
        {
        }

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Requests, Has.Count.EqualTo(2));
            Assert.That(recorder.Requests.Select(r => r.Uri), Is.All.EqualTo(new Uri("http://identity/.well-known/jwks")));
            Assert.That(recorder.Requests.Select(r => r.Proto), Is.All.EqualTo(new[] { "https" }));
            Assert.That(recorder.Requests.Select(r => r.Host), Is.All.EqualTo(new[] { "jade.example.com" }));
        });
    }

    private static HttpClient Client(Recorder recorder, Uri? publicIssuer = null, Uri? internalAddress = null) =>
        new(new IdentityBackchannelHandler(publicIssuer ?? PublicIssuer, internalAddress ?? InternalMetadata) { InnerHandler = recorder });

    private sealed record Sent(Uri? Uri, string[] Proto, string[] Host);

    private sealed class Recorder : HttpMessageHandler
    {
        public List<Sent> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new Sent(request.RequestUri, Values(request, IdentityBackchannelHandler.ForwardedProtoHeader), Values(request, IdentityBackchannelHandler.ForwardedHostHeader)));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }

        private static string[] Values(HttpRequestMessage request, string header) =>
            request.Headers.TryGetValues(header, out var values) ? [.. values] : [];
    }
}
