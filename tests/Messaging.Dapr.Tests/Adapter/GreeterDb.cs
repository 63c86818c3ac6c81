using Microsoft.EntityFrameworkCore;

namespace Jade.Messaging.Dapr.Tests.Adapter;

/// <summary>A minimal consuming service: one table of effects plus the outbox and inbox, in schema <c>greeter</c>.</summary>
public sealed class GreeterDb(DbContextOptions<GreeterDb> options) : DbContext(options)
{
    public DbSet<GreetingEffect> Effects => Set<GreetingEffect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(GreeterService.Name);
        modelBuilder.Entity<GreetingEffect>().HasKey(e => e.Id);
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>What a handler did, with what it learnt about the delivery.</summary>
public sealed class GreetingEffect
{
    public Guid Id { get; init; }
    public required string Handler { get; init; }
    public required string Text { get; init; }
    public Guid MessageId { get; init; }
    public string? CorrelationId { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    public static GreetingEffect Of(string handler, string text, MessageContext context) => new()
    {
        Id = Guid.CreateVersion7(), Handler = handler, Text = text,
        MessageId = context.MessageId, CorrelationId = context.CorrelationId, SentAt = context.SentAt,
    };
}

public sealed record GreetingSent(string Text, DateTimeOffset SentAt);

public sealed record FarewellSaid(string Text);

/// <summary>Writes one effect per greeting; a greeting saying "fail" writes it and then throws, which must undo it.</summary>
internal sealed class RecordGreeting(GreeterDb db) : IMessageHandler<GreetingSent>
{
    public Task HandleAsync(GreetingSent message, MessageContext context, CancellationToken cancellationToken)
    {
        db.Effects.Add(GreetingEffect.Of(nameof(RecordGreeting), message.Text, context));
        return message.Text == "fail" ? throw new InvalidOperationException("this greeting always fails") : Task.CompletedTask;
    }
}

/// <summary>A second handler of the same type, registered first: one delivery must reach both, and a retry after the other failed skips it.</summary>
internal sealed class CountGreeting(GreeterDb db) : IMessageHandler<GreetingSent>
{
    public Task HandleAsync(GreetingSent message, MessageContext context, CancellationToken cancellationToken)
    {
        db.Effects.Add(GreetingEffect.Of(nameof(CountGreeting), message.Text, context));
        return Task.CompletedTask;
    }
}

internal sealed class RecordFarewell(GreeterDb db) : IMessageHandler<FarewellSaid>
{
    public Task HandleAsync(FarewellSaid message, MessageContext context, CancellationToken cancellationToken)
    {
        db.Effects.Add(GreetingEffect.Of(nameof(RecordFarewell), message.Text, context));
        return Task.CompletedTask;
    }
}
