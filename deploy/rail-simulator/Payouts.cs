using System.Collections.Concurrent;
using Jade.Payments.Channels;
using Microsoft.Extensions.Options;

namespace Jade.RailSimulator;

/// <summary>The payout rail: card payouts accepted at once, settled and notified after the delay.</summary>
public static class Payouts
{
    private static readonly ConcurrentDictionary<string, Payout> All = new();
    private static readonly ConcurrentDictionary<string, string> ByReference = new();

    public static void MapPayouts(this WebApplication app)
    {
        var api = app.MapGroup("/payouts/v1");
        api.MapPost("/payouts", Create);
        api.MapGet("/payouts/{id}", (string id) => All.TryGetValue(id, out var p) ? Results.Ok(p) : Results.NotFound());
        api.MapGet("/statements", (DateOnly date) => Results.Ok(new Statement(date, [.. All.Values
            .Where(p => p.Status == ChannelStatuses.Succeeded && DateOnly.FromDateTime(p.SettledAt!.Value.UtcDateTime) == date)
            .Select(p => new StatementLine(p.PayoutId, p.Reference, StatementKinds.Payout, p.Amount, p.Currency, p.SettledAt!.Value))])));
    }

    private static IResult Create(CreatePayout request, Notifier notifier, IOptions<SimulatorOptions> options, TimeProvider time)
    {
        var number = new string(request.CardNumber.Where(char.IsAsciiDigit).ToArray());
        if (request.Amount <= 0 || string.IsNullOrEmpty(request.Reference) || !Luhn.IsValid(number))
        {
            return Results.Problem("Amount, reference and a valid card number are required.", statusCode: 400);
        }
        var created = false;
        var id = ByReference.GetOrAdd(request.Reference, _ => $"po_{Guid.NewGuid():N}");
        var payout = All.GetOrAdd(id, _ =>
        {
            created = true;
            return new Payout(id, request.Reference, ChannelStatuses.Processing, request.Amount, request.Currency, number[^4..], null, time.GetUtcNow(), null);
        });
        if (payout.Amount != request.Amount) return Results.Problem("This reference was used for another amount.", statusCode: 422);
        if (created && TestCards.OutcomeOf(number) is var (status, failure))
        {
            _ = SettleLaterAsync(id, status, failure == "card_declined" ? "account_closed" : failure, request.NotifyUrl, notifier, options.Value, time);
        }
        return Results.Created($"/payouts/v1/payouts/{id}", payout);
    }

    private static async Task SettleLaterAsync(string id, string status, string? failure, string notifyUrl, Notifier notifier, SimulatorOptions options, TimeProvider time)
    {
        await Task.Delay(options.NotifyDelay, time);
        var settled = All.AddOrUpdate(id, _ => throw new InvalidOperationException(), (_, p) => p with { Status = status, FailureCode = failure, SettledAt = time.GetUtcNow() });
        notifier.Send(notifyUrl, options.PayoutSecret, new ChannelNotification($"evt_{Guid.NewGuid():N}", $"payout.{status}", id, settled.Reference,
            status, settled.Amount, settled.Currency, failure, time.GetUtcNow()), TimeSpan.Zero);
    }
}
