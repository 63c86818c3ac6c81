using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jade.ServiceDefaults;

public static class RequiredConnectionStrings
{
    /// <summary>
    /// Makes the host refuse to start (serve) without <c>ConnectionStrings:{name}</c>. Operator commands run on the
    /// built host without starting it, so one that does not use the connection needs none.
    /// </summary>
    public static IHostApplicationBuilder RequireConnectionStringToServe(this IHostApplicationBuilder builder, string name)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<RequiredConnectionString>(name)
            .Validate(_ => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(name)), NotConfigured(name).Message)
            .ValidateOnStart();
        return builder;
    }

    public static InvalidOperationException NotConfigured(string name) => new($"ConnectionStrings:{name} is not configured.");

    /// <summary>The named options instance that carries one connection string's start-up check.</summary>
    public sealed class RequiredConnectionString;
}
