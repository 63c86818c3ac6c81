using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jade.Identity.Users;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the host (which needs a broker and keys).</summary>
internal sealed class DesignTimeIdentityDbFactory : IDesignTimeDbContextFactory<IdentityDb>
{
    public IdentityDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<IdentityDb>();
        options.UseJadeNpgsql("Host=localhost;Database=design_time_only", IdentityDb.Schema);
        // Identity's context reads its schema version from the application's IdentityOptions, which the host configures.
        options.UseApplicationServiceProvider(new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySetup.SchemaVersion)
            .BuildServiceProvider());
        // Value converters do not shape the schema, so a throw-away key ring is enough to build the model.
        return new IdentityDb(options.Options, new EphemeralDataProtectionProvider());
    }
}
