using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Messaging;

/// <summary>
/// Runs a handler at most once per message id and consumer: the processed-message row and the handler's effect
/// commit in one transaction. A concurrent duplicate blocks on the primary key until the first commits, then skips.
/// </summary>
public sealed class MessageDispatcher(IServiceProvider services, TimeProvider time)
{
    public async Task<bool> DispatchAsync<TMessage, THandler>(TMessage message, MessageContext context, CancellationToken ct)
        where TMessage : class
        where THandler : IMessageHandler<TMessage>
    {
        var db = services.GetRequiredService<InboxDbContextAccessor>().Context;
        var handler = services.GetRequiredService<THandler>();
        var recordSql = $"INSERT INTO {db.QualifiedTableOf<InboxMessage>()} (message_id, consumer, processed_at) VALUES ({{0}}, {{1}}, {{2}}) ON CONFLICT DO NOTHING";

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var inserted = await db.Database.ExecuteSqlRawAsync(
            recordSql, [context.MessageId, typeof(THandler).Name, time.GetUtcNow()], ct);
        if (inserted == 0)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        await handler.HandleAsync(message, context, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}

/// <summary>Lets the dispatcher reach the consuming service's DbContext without knowing its type.</summary>
public sealed class InboxDbContextAccessor(DbContext context)
{
    public DbContext Context { get; } = context;
}
