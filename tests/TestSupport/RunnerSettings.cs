namespace Jade.Testing;

public static class RunnerSettings
{
    /// <summary>
    /// The settings every service gets here, in process (<see cref="ServiceTestApp{TProgram}"/>) or as a
    /// <see cref="ServiceProcess"/>: its schema's connection string, the vhost, migration at start-up, a short outbox
    /// poll, quiet logs. Without a vhost the service gets no RabbitMQ connection.
    /// </summary>
    public static Dictionary<string, string> For(string schema, TestDatabase database, TestVirtualHost? virtualHost)
    {
        var settings = new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            [$"ConnectionStrings:{schema}"] = database.ConnectionString(schema),
            ["Database:MigrateOnStartup"] = "true",
            ["Outbox:PollInterval"] = "00:00:00.200",
            // Scheduled operator checks (the ledger's verification) stay off: a test that wants one turns it on.
            ["Ledger:Verification:Enabled"] = "false",
        };
        if (virtualHost is not null) settings["ConnectionStrings:rabbitmq"] = virtualHost.AmqpUri.ToString();
        return settings;
    }
}
