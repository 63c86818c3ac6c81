using System.Text.Json;
using Jade.Contracts.Ledger;
using Jade.Messaging;
using Jade.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jade.Ledger.Api.Tests;

/// <summary>Saga-facing commands over the bus: one reply each, events through the outbox, idempotent by transfer id.</summary>
public sealed class SagaCommandTests : LedgerFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_hold_placed_then_partly_posted_moves_the_posted_part_and_releases_the_rest()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(10_000);
        var (hold, post) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        await SendAsync(new PlaceLedgerHold(hold, wallet, settlement, 3_000, "CNY", 7, 600, "order-1"));
        var placed = await ReplyAsync(hold);
        Assert.That((placed.Status, placed.Succeeded, placed.Command), Is.EqualTo(("created", true, nameof(PlaceLedgerHold))));
        var held = await EventAsync<HoldPlaced>(hold);
        Assert.That((held.Amount, held.DebitAccountId, held.Reference, held.ExpiresAt), Is.EqualTo((3_000L, wallet, "order-1", held.Timestamp + 600_000_000_000)));
        Assert.That((await Service.GetAccountAsync(wallet)).AvailableBalance, Is.EqualTo(7_000));

        await SendAsync(new PostLedgerHold(post, hold, 2_500, "order-1"));
        Assert.That((await ReplyAsync(post)).Status, Is.EqualTo("created"));
        var posted = await EventAsync<HoldPosted>(post);
        Assert.That((posted.HoldId, posted.Amount, posted.CreditAccountId), Is.EqualTo((hold, 2_500L, settlement)));
        Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((0L, 2_500L, 0L, 10_000L)));
    }

    [Test]
    public async Task A_void_releases_the_hold_and_a_single_phase_transfer_posts_at_once()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(1_000);
        var (hold, voiding, direct) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        await SendAsync(new PlaceLedgerHold(hold, wallet, settlement, 400, "CNY", 7, 0, null));
        await ReplyAsync(hold);
        await SendAsync(new VoidLedgerHold(voiding, hold, "refund-9"));
        Assert.That((await ReplyAsync(voiding)).Succeeded, Is.True);
        var voided = await EventAsync<HoldVoided>(voiding);
        Assert.That((voided.HoldId, voided.Amount, voided.Reason), Is.EqualTo((hold, 400L, "voided")));

        await SendAsync(new PostLedgerTransfer(direct, wallet, settlement, 250, "CNY", 9, "fee"));
        Assert.That((await ReplyAsync(direct)).Status, Is.EqualTo("created"));
        var moved = await EventAsync<TransferPosted>(direct);
        Assert.That((moved.Amount, moved.Code, moved.Reference), Is.EqualTo((250L, 9, "fee")));
        Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((0L, 250L, 0L, 1_000L)));
    }

    [Test]
    public async Task A_refused_command_answers_its_reason_and_moves_nothing()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(100);
        var hold = Guid.CreateVersion7();

        await SendAsync(new PlaceLedgerHold(hold, wallet, settlement, 101, "CNY", 7, 60, null));
        var reply = await ReplyAsync(hold);
        Assert.Multiple(async () =>
        {
            Assert.That((reply.Status, reply.Succeeded), Is.EqualTo(("exceeds_credits", false)));
            Assert.That(await EventCountAsync(hold), Is.Zero);
            Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((0L, 0L, 0L, 100L)));
        });
    }

    [Test]
    public async Task A_post_of_amount_zero_is_refused_and_one_without_an_amount_posts_the_whole_hold()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(1_000);
        var (hold, zero, all) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await SendAsync(new PlaceLedgerHold(hold, wallet, settlement, 400, "CNY", 7, 600, null));
        await ReplyAsync(hold);

        await SendAsync(new PostLedgerHold(zero, hold, 0, "order-0"));
        var refused = await ReplyAsync(zero);
        Assert.Multiple(async () =>
        {
            Assert.That((refused.Status, refused.Succeeded, refused.Reference), Is.EqualTo(("amount_must_not_be_zero", false, "order-0")));
            Assert.That(await EventCountAsync(zero), Is.Zero);
            Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((400L, 0L, 0L, 1_000L)), "the hold is untouched");
        });

        await SendAsync(new PostLedgerHold(all, hold, null, "order-0"));
        Assert.That((await ReplyAsync(all)).Status, Is.EqualTo("created"));
        Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((0L, 400L, 0L, 1_000L)));
    }

    [Test]
    public async Task A_redelivered_command_applies_once_and_a_retried_one_answers_exists()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(1_000);
        var transferId = Guid.CreateVersion7();
        var command = new PostLedgerTransfer(transferId, wallet, settlement, 10, "CNY", 9, "p-1");
        var transport = App.Services.GetRequiredService<IMessageTransport>();
        var delivery = new OutgoingMessage(Guid.CreateVersion7(), typeof(PostLedgerTransfer), command, null);

        await transport.PublishUntilAsync(delivery, () => RepliesAsync(transferId), r => r.Count > 0, Wait);
        await transport.PublishAsync(delivery, CancellationToken.None);
        // A saga that lost the reply sends the command again as a new message.
        await SendAsync(command);
        await Eventually.WaitForAsync(() => RepliesAsync(transferId), r => r.Count == 2, Wait);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var replies = await RepliesAsync(transferId);
        Assert.Multiple(async () =>
        {
            Assert.That(replies.Select(r => r.Status), Is.EquivalentTo(new[] { "created", "exists" }));
            Assert.That(replies.All(r => r.Succeeded), Is.True);
            Assert.That(await EventCountAsync(transferId), Is.EqualTo(1), "one TransferPosted");
            Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((0L, 10L, 0L, 1_000L)));
        });
    }

    [Test]
    public async Task Commands_arriving_together_are_each_answered_under_their_own_conversation_and_never_overdraw()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(1_000);
        var holds = Enumerable.Range(0, 10).Select(_ => Guid.CreateVersion7()).ToArray();
        var transport = App.Services.GetRequiredService<IMessageTransport>();

        // Published back to back, the ledger consumes them in shared batches: 150 each, so six fit in 1,000.
        await Task.WhenAll(holds.Select((hold, i) => transport.PublishAsync(new OutgoingMessage(Guid.CreateVersion7(), typeof(PlaceLedgerHold),
            new PlaceLedgerHold(hold, wallet, settlement, 150, "CNY", 7, 600, $"order-{i}"), $"saga-{i}"), CancellationToken.None)));
        var replies = await Task.WhenAll(holds.Select(ReplyAsync));

        Assert.Multiple(async () =>
        {
            Assert.That(replies.Count(r => r.Succeeded), Is.EqualTo(6));
            Assert.That(replies.Where(r => !r.Succeeded).Select(r => r.Status), Is.All.EqualTo("exceeds_credits"));
            Assert.That(replies.Select(r => r.Reference), Is.EqualTo(holds.Select((_, i) => $"order-{i}")));
            Assert.That((await Service.GetAccountAsync(wallet)).AvailableBalance, Is.EqualTo(100));
            for (var i = 0; i < holds.Length; i++)
            {
                Assert.That(await CorrelationsAsync(holds[i]), Is.All.EqualTo($"saga-{i}"), "the reply and the event belong to the command's saga");
            }
        });
    }

    [Test]
    public async Task An_expired_hold_is_released_by_the_sweeper_within_two_seconds_and_announced()
    {
        var (settlement, wallet, _) = await Service.FundedWalletAsync(500);
        var hold = Guid.CreateVersion7();
        await SendAsync(new PlaceLedgerHold(hold, wallet, settlement, 200, "CNY", 7, 1, null));
        var placed = await EventAsync<HoldPlaced>(hold);
        Assert.That((await Service.GetAccountAsync(wallet)).AvailableBalance, Is.EqualTo(300));

        // Nothing else touches the wallet: only the sweeper can release it.
        var expiresAt = DateTimeOffset.UnixEpoch.AddTicks(placed.ExpiresAt!.Value / 100);
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2));
        Assert.That(await App.RawBalancesAsync(wallet), Is.EqualTo((0L, 0L, 0L, 500L)));
        var expired = await EventAsync<HoldVoided>(hold, "expired");
        Assert.That((expired.TransferId, expired.Amount), Is.EqualTo(((Guid?)null, 200L)));
    }

    /// <summary>Sends a command as a saga would and waits for the ledger to have consumed it (its reply is in the outbox).</summary>
    private async Task SendAsync<T>(T command) where T : class
    {
        var transferId = (Guid)typeof(T).GetProperty(nameof(PostLedgerTransfer.TransferId))!.GetValue(command)!;
        var before = (await RepliesAsync(transferId)).Count;
        await App.Services.GetRequiredService<IMessageTransport>().PublishUntilAsync(
            new OutgoingMessage(Guid.CreateVersion7(), typeof(T), command, "saga-test"),
            () => RepliesAsync(transferId), replies => replies.Count > before, Wait);
    }

    private async Task<LedgerCommandCompleted> ReplyAsync(Guid transferId) =>
        (await Eventually.WaitForAsync(() => RepliesAsync(transferId), r => r.Count > 0, Wait))[0];

    private Task<List<LedgerCommandCompleted>> RepliesAsync(Guid transferId) =>
        OutboxAsync<LedgerCommandCompleted>("payload->>'transferId' = @id", transferId);

    private async Task<T> EventAsync<T>(Guid id, string? reason = null) where T : class =>
        (await Eventually.WaitForAsync(
            () => OutboxAsync<T>("(payload->>'transferId' = @id OR payload->>'holdId' = @id)" + (reason is null ? "" : $" AND payload->>'reason' = '{reason}'"), id),
            e => e.Count > 0, Wait))[0];

    private async Task<List<string>> CorrelationsAsync(Guid transferId)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(correlation_id, '') FROM ledger.outbox_messages WHERE payload->>'transferId' = @id";
        command.Parameters.AddWithValue("id", transferId.ToString());
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(reader.GetString(0));
        return result;
    }

    private async Task<long> EventCountAsync(Guid id)
    {
        var events = new[] { typeof(TransferPosted), typeof(HoldPlaced), typeof(HoldPosted), typeof(HoldVoided) };
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM ledger.outbox_messages WHERE split_part(type, ',', 1) = ANY(@types) " +
            "AND (payload->>'transferId' = @id OR payload->>'holdId' = @id)";
        command.Parameters.AddWithValue("types", events.Select(t => t.FullName!).ToArray());
        command.Parameters.AddWithValue("id", id.ToString());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<T>> OutboxAsync<T>(string where, Guid id)
    {
        await using var connection = App.Database.OpenAdminConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT payload::text FROM ledger.outbox_messages WHERE split_part(type, ',', 1) = @type AND {where} ORDER BY id";
        command.Parameters.AddWithValue("type", typeof(T).FullName!);
        command.Parameters.AddWithValue("id", id.ToString());
        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), JsonSerializerOptions.Web)!);
        return result;
    }
}
