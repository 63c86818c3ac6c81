using Jade.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Jade.BuildingBlocks.Tests;

/// <summary>A minimal service of its own: one table of effects plus the outbox and inbox, in schema <c>pings</c>.</summary>
public sealed class PingDb(DbContextOptions<PingDb> options) : DbContext(options)
{
    public DbSet<PingEffect> Effects => Set<PingEffect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("pings");
        modelBuilder.Entity<PingEffect>().HasKey(e => e.Id);
        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class PingEffect
{
    public Guid Id { get; init; }
    public required string Text { get; init; }
}

public sealed record Ping(string Text);

/// <summary>Writes one effect per ping; a ping saying "fail" writes its effect and then throws, which must undo it.</summary>
internal sealed class RecordPing(PingDb db) : IMessageHandler<Ping>
{
    public Task HandleAsync(Ping message, MessageContext context, CancellationToken cancellationToken)
    {
        db.Effects.Add(new PingEffect { Id = Guid.CreateVersion7(), Text = message.Text });
        return message.Text == "fail"
            ? throw new InvalidOperationException("this ping always fails")
            : Task.CompletedTask;
    }
}
