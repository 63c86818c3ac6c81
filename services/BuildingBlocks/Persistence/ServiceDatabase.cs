using System.Data.Common;
using Jade.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

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
        // Parsed once, not in every run of the options callback (several DbContexts per request), and only when first
        // needed: a command that never opens the database, such as training a model, runs without a connection string.
        // Serving without one fails at start. `dotnet ef migrations add` builds the model without connecting at all.
        var configuration = builder.Configuration;
        var tuned = new Lazy<string>(() => Tuned(configuration.GetConnectionString(schema)
            ?? (EF.IsDesignTime ? "Host=design-time.invalid" : throw RequiredConnectionStrings.NotConfigured(schema))));
        builder.Services.AddDbContext<TContext>(o => o.UseJadeNpgsql(tuned.Value, schema));
        builder.RequireConnectionStringToServe(schema);
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

    /// <summary>
    /// The service's connection string with the pool settings every service wants unless the string says otherwise:
    /// statements used more than once are prepared on the server (a saga step repeats the same dozen statements, and
    /// planning them each time was a large share of PostgreSQL's CPU), and a connection returned to the pool is not
    /// reset with <c>DISCARD ALL</c>, which would throw those prepared statements away. No service keeps session state
    /// across a transaction (only <c>SET LOCAL</c> and transaction-scoped advisory locks), so there is nothing to reset.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare")) builder.MaxAutoPrepare = 64;
        if (!given.ContainsKey("Auto Prepare Min Usages")) builder.AutoPrepareMinUsages = 2;
        if (!given.ContainsKey("No Reset On Close")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    public static DbContextOptionsBuilder UseJadeNpgsql(this DbContextOptionsBuilder options, string connectionString, string schema) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable, schema))
            .UseSnakeCaseNamingConvention()
            .ReplaceService<IModelCacheKeyFactory, PersonalDataModelCacheKeyFactory>();
}
