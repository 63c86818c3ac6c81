using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jade.BuildingBlocks.Tests;

public sealed class JwtAuthenticationTests
{
    [Test]
    public void In_a_cluster_the_http_metadata_address_is_accepted_and_the_back_channel_presents_the_public_origin()
    {
        var options = BearerOptions(("Identity:Issuer", "https://jade.example.com/"), ("Identity:MetadataAddress", "http://identity/.well-known/openid-configuration"));

        Assert.Multiple(() =>
        {
            Assert.That(options.RequireHttpsMetadata, Is.False);
            Assert.That(options.MetadataAddress, Is.EqualTo("http://identity/.well-known/openid-configuration"));
            Assert.That(options.BackchannelHttpHandler, Is.InstanceOf<IdentityBackchannelHandler>());
            Assert.That(options.ConfigurationManager, Is.Not.Null);
        });
    }

    [Test]
    public void Without_a_metadata_address_the_public_https_issuer_is_read_over_https_directly()
    {
        var options = BearerOptions(("Identity:Issuer", "https://jade.example.com/"));

        Assert.Multiple(() =>
        {
            Assert.That(options.RequireHttpsMetadata, Is.True);
            Assert.That(options.MetadataAddress, Is.EqualTo("https://jade.example.com/.well-known/openid-configuration"));
            Assert.That(options.BackchannelHttpHandler, Is.Null);
        });
    }

    /// <summary>The options as the named scheme resolves them outside Development (post-configuration included).</summary>
    private static JwtBearerOptions BearerOptions(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        builder.AddJadeJwtBearer("risk");
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
    }
}
