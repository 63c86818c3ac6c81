using Jade.Messaging;
using Jade.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.BuildingBlocks.Tests;

public sealed class OutboxAndInboxTests : PingServiceTest
{
    private const string DeadLettered = "jade_messaging_dead_lettered_total";

    [Test]
    public async Task A_committed_message_is_relayed_consumed_once_and_marked_sent()
    {
        await Service.PublishAsync(new Ping("hello"));

        var effects = await Eventually.WaitForAsync(() => Service.CountAsync<PingEffect>(), n => n > 0, TimeSpan.FromSeconds(30));
        var unsent = await Eventually.WaitForAsync(
            () => Service.CountAsync<OutboxMessage>(q => q.Where(m => m.SentAt == null)), n => n == 0, TimeSpan.FromSeconds(10));

        Assert.Multiple(async () =>
        {
            Assert.That(effects, Is.EqualTo(1));
            Assert.That(unsent, Is.Zero);
            Assert.That(await Service.CountAsync<InboxMessage>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_message_added_to_a_rolled_back_unit_of_work_is_never_sent()
    {
        await using (var scope = Service.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PingDb>();
            await using var tx = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<IOutbox>().Add(new Ping("rolled back"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        await Service.PublishAsync(new Ping("committed"));

        await Eventually.WaitForAsync(() => Service.CountAsync<PingEffect>(), n => n > 0, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.That(await Service.CountAsync<PingEffect>(q => q.Where(e => e.Text == "rolled back")), Is.Zero);
        Assert.That(await Service.CountAsync<PingEffect>(q => q.Where(e => e.Text == "committed")), Is.EqualTo(1));
    }

    [Test]
    public async Task Concurrent_duplicate_deliveries_have_one_effect()
    {
        var context = new MessageContext(Guid.CreateVersion7(), CorrelationId: null, SentAt: null);
        var deliveries = Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = Service.Host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<MessageDispatcher>()
                .DispatchAsync<Ping, RecordPing>(new Ping("duplicate"), context, CancellationToken.None);
        });

        var handled = await Task.WhenAll(deliveries);

        Assert.That(handled.Count(h => h), Is.EqualTo(1), "exactly one delivery runs the handler");
        Assert.That(await Service.CountAsync<PingEffect>(q => q.Where(e => e.Text == "duplicate")), Is.EqualTo(1));
    }

    [Test]
    public async Task Deliveries_arriving_together_each_commit_once_and_a_failing_one_takes_nothing_else_with_it()
    {
        var texts = Enumerable.Range(0, 24).Select(i => i == 9 ? "fail" : $"together-{i}").ToArray();
        var contexts = texts.Select(_ => new MessageContext(Guid.CreateVersion7(), CorrelationId: null, SentAt: null)).ToArray();
        var dispatcher = Service.Host.Services.GetRequiredService<MessageDispatcher>();

        // Arriving at once, they share transactions; the failing one must fail alone, as if it had arrived by itself.
        var outcomes = await Task.WhenAll(texts.Select(async (text, i) =>
        {
            try
            {
                return await dispatcher.DispatchAsync<Ping, RecordPing>(new Ping(text), contexts[i], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                return (bool?)null;
            }
        }));
        var again = await Task.WhenAll(texts.Select((text, i) => i == 9 ? Task.FromResult(false)
            : dispatcher.DispatchAsync<Ping, RecordPing>(new Ping(text), contexts[i], CancellationToken.None)));

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Select((o, i) => (texts[i], o)), Is.EquivalentTo(texts.Select(t => (t, t == "fail" ? (bool?)null : true))));
            Assert.That(again, Is.All.False, "every redelivery is recognised");
            Assert.That(await Service.CountAsync<PingEffect>(q => q.Where(e => e.Text.StartsWith("together-"))), Is.EqualTo(23));
            Assert.That(await Service.CountAsync<PingEffect>(q => q.Where(e => e.Text == "fail")), Is.Zero);
            Assert.That(await Service.CountAsync<InboxMessage>(), Is.EqualTo(23), "the failed one is not recorded as processed");
        });
    }

    [Test]
    public async Task A_message_that_keeps_failing_lands_in_the_error_queue_leaves_no_effect_and_is_counted()
    {
        // The count is process-wide and starts at 0 for every consumed type; other tests here dead-letter pings too.
        var countedBefore = (await Service.ScrapeAsync()).Value(DeadLettered, ("queue", PingService.Queue), ("message_type", nameof(Ping)));
        await Service.PublishAsync(new Ping("fail"));

        var inError = await Eventually.WaitForAsync(
            () => Service.VirtualHost.QueueDepthAsync(PingService.Queue + "_error"), n => n > 0, TimeSpan.FromSeconds(60));
        var countedAfter = await Eventually.WaitForAsync(
            async () => (await Service.ScrapeAsync()).Value(DeadLettered, ("queue", PingService.Queue), ("message_type", nameof(Ping))),
            n => n > countedBefore, TimeSpan.FromSeconds(5));

        Assert.Multiple(async () =>
        {
            Assert.That(inError, Is.EqualTo(1));
            Assert.That(countedBefore, Is.Not.Null, "the series is served before the first dead letter");
            Assert.That(countedAfter - countedBefore, Is.EqualTo(1), DeadLettered);
            Assert.That(await Service.CountAsync<PingEffect>(), Is.Zero, "the failed handler's writes were rolled back");
            Assert.That(await Service.CountAsync<InboxMessage>(), Is.Zero, "a failed message is not recorded as processed");
        });
    }
}
