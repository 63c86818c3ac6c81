using Jade.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jade.Persistence;

public static class ServiceDatabase
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>
    /// Registers the service's DbContext on its own schema, reached with the connection string
    /// <c>ConnectionStrings:{schema}</c> (whose login role may touch that schema only). Migrations run at start-up in
    /// Development and otherwise only through the <c>--migrate</c> command.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string schema)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(schema)
            ?? throw new InvalidOperationException($"ConnectionStrings:{schema} is not configured.");
        builder.Services.AddDbContext<TContext>(o => o.UseJadeNpgsql(connectionString, schema));
        builder.Services.AddSingleton<IDatabaseMigrator, DatabaseMigrator<TContext>>();
        builder.Services.AddHealthChecks()
            .AddCheck<MigrationsAppliedHealthCheck<TContext>>($"{schema}-database", tags: [ServiceDefaultsExtensions.ReadyTag]);
        if (builder.Environment.IsDevelopment() || builder.Configuration.GetValue<bool>("Database:MigrateOnStartup"))
        {
            // Registered before any other hosted service of the feature, so relays and consumers find the tables.
            builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrateOnStartup>());
        }
        return builder;
    }

    public static DbContextOptionsBuilder UseJadeNpgsql(this DbContextOptionsBuilder options, string connectionString, string schema) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable, schema))
            .UseSnakeCaseNamingConvention();
}
