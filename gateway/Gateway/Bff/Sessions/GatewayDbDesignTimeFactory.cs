using Jade.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jade.Gateway.Bff.Sessions;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without the gateway's runtime configuration
/// (client secret, keys folder); it never connects.
/// </summary>
internal sealed class GatewayDbDesignTimeFactory : IDesignTimeDbContextFactory<GatewayDb>
{
    public GatewayDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<GatewayDb>();
        options.UseJadeNpgsql("Host=localhost", GatewayDb.Schema);
        return new GatewayDb(options.Options);
    }
}
