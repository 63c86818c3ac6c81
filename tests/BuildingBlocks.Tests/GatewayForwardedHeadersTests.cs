using System.Net;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Jade.BuildingBlocks.Tests;

/// <summary>What a service behind the gateway takes for the client's address: audit trails, risk screening and rate limits use it.</summary>
public sealed class GatewayForwardedHeadersTests
{
    private WebApplication _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration[$"{GatewayForwardedHeaders.TrustedProxiesSection}:0"] = "10.0.0.0/8";
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapGet("/whoami", (HttpContext http) => $"{http.Connection.RemoteIpAddress} {http.Request.Scheme}");
        await _app.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    private async Task<string> WhoAmIAsync(string peer, string? forwardedFor, string? proto = null)
    {
        var context = await _app.GetTestServer().SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/whoami";
            c.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            if (proto is not null) c.Request.Headers["X-Forwarded-Proto"] = proto;
        });
        return await new StreamReader(context.Response.Body).ReadToEndAsync();
    }

    [Test]
    public async Task Through_the_gateway_and_the_ingress_the_client_is_the_first_untrusted_address()
    {
        Assert.That(await WhoAmIAsync("10.1.0.7", "198.51.100.23, 10.2.0.4", "https"), Is.EqualTo("198.51.100.23 https"));
    }

    [Test]
    public async Task Addresses_a_client_put_in_front_of_its_own_are_ignored()
    {
        Assert.That(await WhoAmIAsync("10.1.0.7", "203.0.113.66, 198.51.100.23"), Is.EqualTo("198.51.100.23 http"));
    }

    [Test]
    public async Task A_caller_outside_the_trusted_network_cannot_claim_another_address()
    {
        Assert.That(await WhoAmIAsync("198.51.100.23", "203.0.113.66", "https"), Is.EqualTo("198.51.100.23 http"));
    }
}
