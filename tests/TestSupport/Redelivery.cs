using Jade.Messaging;

namespace Jade.Testing;

public static class Redelivery
{
    /// <summary>
    /// Publishes <paramref name="message"/> until <paramref name="consumed"/> holds. Every publish carries the same
    /// message id, so to the consumer each is a redelivery. Repeating keeps a test independent of when the consuming
    /// service bound its queue: a publish before that finds no queue and is dropped, as RabbitMQ drops any message no
    /// binding routes.
    /// </summary>
    public static async Task<T> PublishUntilAsync<T>(
        this IMessageTransport transport, OutgoingMessage message, Func<Task<T>> probe, Func<T, bool> consumed, TimeSpan timeout)
    {
        return await Eventually.WaitForAsync(async () =>
        {
            await transport.PublishAsync(message, CancellationToken.None);
            return await Eventually.WaitForAsync(probe, consumed, TimeSpan.FromSeconds(3));
        }, consumed, timeout);
    }
}
