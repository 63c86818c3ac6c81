namespace Jade.Messaging;

/// <summary>What a handler learns about a delivery, whichever bus adapter carried it.</summary>
public sealed record MessageContext(Guid MessageId, string? CorrelationId, DateTimeOffset? SentAt);

/// <summary>
/// Handles one integration message type. Runs inside the consuming service's inbox transaction: write through the
/// service's DbContext and do not commit; the inbox commits the effect together with the processed-message record.
/// </summary>
public interface IMessageHandler<in TMessage> where TMessage : class
{
    Task HandleAsync(TMessage message, MessageContext context, CancellationToken cancellationToken);
}

/// <summary>Adds integration messages to the producer's outbox in the caller's unit of work.</summary>
public interface IOutbox
{
    /// <returns>The message id, which consumers use for de-duplication.</returns>
    Guid Add<TMessage>(TMessage message, string? correlationId = null) where TMessage : class;

    /// <summary>
    /// The caller inserted outbox rows itself, with SQL, in the unit of work's open transaction: the relay is woken when
    /// that transaction commits, as for rows added with <see cref="Add{TMessage}"/>.
    /// </summary>
    void AddedDirectly();
}

/// <summary>A message the relay hands to the bus adapter.</summary>
public sealed record OutgoingMessage(Guid MessageId, Type MessageType, object Message, string? CorrelationId);

/// <summary>The bus port's publishing side; implemented by each adapter (RabbitMQ/MassTransit, Dapr).</summary>
public interface IMessageTransport
{
    Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>A handler registered with <see cref="MessagingRegistration.AddMessageHandler{TMessage,THandler}"/>; adapters subscribe from these.</summary>
public sealed record HandlerRegistration(Type MessageType, Type HandlerType);
