using Npgsql;

namespace Jade.Messaging.RabbitMq;

/// <summary>
/// Whether a delivery failed because PostgreSQL could not serve it for now (a failover, a restart, connections used up)
/// rather than because of the message, so that it waits for the database instead of going to the error queue.
/// </summary>
internal static class DatabaseOutage
{
    /// <summary>
    /// Searches the whole exception: EF wraps Npgsql's errors (an InvalidOperationException "likely due to a transient
    /// failure", a DbUpdateException), and a handler may gather several into an AggregateException.
    /// </summary>
    public static bool Caused(Exception exception) => exception switch
    {
        // The server shutting down (57P01, 57P02), starting up (57P03), out of connections (53300), or a connection
        // error (08…). Not every error Npgsql calls transient: a deadlock or a serialization failure is the work's own,
        // and the ordinary retries below take care of it; one that kept happening must reach the error queue.
        PostgresException postgres => postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300" || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        // A failed connection attempt or a broken connection.
        NpgsqlException { IsTransient: true } => true,
        // A data source's first connections wait for the one loading its types, and give up with a bare TimeoutException.
        TimeoutException { Source: "Npgsql" } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(Caused),
        _ => exception.InnerException is { } inner && Caused(inner),
    };
}
