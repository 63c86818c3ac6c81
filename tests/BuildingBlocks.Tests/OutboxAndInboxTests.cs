using Jade.Messaging;
using Jade.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.BuildingBlocks.Tests;

public sealed class OutboxAndInboxTests
{
    private PingService _service = null!;

    [SetUp]
    public async Task StartAsync() => _service = await PingService.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task A_committed_message_is_relayed_consumed_once_and_marked_sent()
    {
        await _service.PublishAsync(new Ping("hello"));

        var effects = await Eventually.WaitForAsync(() => _service.CountAsync<PingEffect>(), n => n > 0, TimeSpan.FromSeconds(30));
        var unsent = await Eventually.WaitForAsync(
            () => _service.CountAsync<OutboxMessage>(q => q.Where(m => m.SentAt == null)), n => n == 0, TimeSpan.FromSeconds(10));

        Assert.Multiple(async () =>
        {
            Assert.That(effects, Is.EqualTo(1));
            Assert.That(unsent, Is.Zero);
            Assert.That(await _service.CountAsync<InboxMessage>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_message_added_to_a_rolled_back_unit_of_work_is_never_sent()
    {
        await using (var scope = _service.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PingDb>();
            await using var tx = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<IOutbox>().Add(new Ping("rolled back"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        await _service.PublishAsync(new Ping("committed"));

        await Eventually.WaitForAsync(() => _service.CountAsync<PingEffect>(), n => n > 0, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.That(await _service.CountAsync<PingEffect>(q => q.Where(e => e.Text == "rolled back")), Is.Zero);
        Assert.That(await _service.CountAsync<PingEffect>(q => q.Where(e => e.Text == "committed")), Is.EqualTo(1));
    }

    [Test]
    public async Task Concurrent_duplicate_deliveries_have_one_effect()
    {
        var context = new MessageContext(Guid.CreateVersion7(), CorrelationId: null, SentAt: null);
        var deliveries = Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = _service.Host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<MessageDispatcher>()
                .DispatchAsync<Ping, RecordPing>(new Ping("duplicate"), context, CancellationToken.None);
        });

        var handled = await Task.WhenAll(deliveries);

        Assert.That(handled.Count(h => h), Is.EqualTo(1), "exactly one delivery runs the handler");
        Assert.That(await _service.CountAsync<PingEffect>(q => q.Where(e => e.Text == "duplicate")), Is.EqualTo(1));
    }

    [Test]
    public async Task A_message_that_keeps_failing_lands_in_the_error_queue_and_leaves_no_effect()
    {
        await _service.PublishAsync(new Ping("fail"));

        var inError = await Eventually.WaitForAsync(
            () => _service.VirtualHost.QueueDepthAsync(PingService.Queue + "_error"), n => n > 0, TimeSpan.FromSeconds(60));

        Assert.Multiple(async () =>
        {
            Assert.That(inError, Is.EqualTo(1));
            Assert.That(await _service.CountAsync<PingEffect>(), Is.Zero, "the failed handler's writes were rolled back");
            Assert.That(await _service.CountAsync<InboxMessage>(), Is.Zero, "a failed message is not recorded as processed");
        });
    }
}
