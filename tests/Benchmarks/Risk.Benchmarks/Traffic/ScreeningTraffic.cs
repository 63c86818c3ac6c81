using System.Text.Json;

namespace Jade.Risk.Benchmarks.Traffic;

/// <summary>The body of <c>POST /api/risk/screenings</c>, as a payments service would send it.</summary>
public sealed record ScreeningBody(
    Guid TransactionId, string Type, long Amount, string Currency, Guid PayerId, Guid? PayeeId, string? PayeeName,
    string Channel, string? DeviceId, string? IpAddress, DateTimeOffset OccurredAt);

/// <summary>A screening made ready before the clock starts: the transaction and its serialized JSON.</summary>
public sealed record PreparedScreening(ScreeningBody Body, byte[] Json);

/// <summary>
/// Realistic screening traffic: half card-like payments to merchants, a third person-to-person (mostly to the payer's
/// regular contacts), top-ups and withdrawals; log-normal amounts around each customer's usual spend; the payer's own
/// phone or browser and home IP, now and then another. Amounts stay mostly under the KYC-1 ceiling (5,000.00 CNY),
/// so most screenings approve; a few above it decline, and velocity or new-payee rules send a few to review.
/// Transaction ids are unique; <c>occurredAt</c> advances at the planned rate, as the behaviour windows expect.
/// </summary>
public sealed class ScreeningTraffic(Population population, int seed)
{
    private readonly Random _random = new(seed);

    public PreparedScreening[] Generate(int count, double plannedRate, DateTimeOffset firstAt)
    {
        var prepared = new PreparedScreening[count];
        for (var i = 0; i < count; i++)
        {
            var body = Next(firstAt.AddTicks((long)(i * TimeSpan.TicksPerSecond / plannedRate)));
            prepared[i] = new PreparedScreening(body, JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web));
        }
        return prepared;
    }

    private ScreeningBody Next(DateTimeOffset at)
    {
        var r = _random;
        var customers = population.Customers;
        var payer = customers[r.Next(customers.Length)];
        var roll = r.NextDouble();
        var (type, payeeId, payeeName, median) = roll switch
        {
            < 0.50 => Merchant(r),
            < 0.82 => Person(r, payer, customers),
            < 0.94 => ("topup", (Guid?)null, (string?)null, 50_000.0),
            _ => ("withdrawal", null, null, 100_000.0),
        };
        var channelRoll = r.NextDouble();
        var (channel, device) = channelRoll switch
        {
            < 0.80 => ("app", r.NextDouble() < 0.02 ? $"phone-{r.NextInt64():x16}" : payer.Phone),
            < 0.95 => ("web", payer.Browser ?? $"browser-{r.NextInt64():x16}"),
            _ => ("partner", (string?)null),
        };
        var ip = r.NextDouble() < 0.9 ? payer.HomeIp : $"{r.Next(1, 223)}.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}";
        // Log-normal around the type's median scaled by the customer's habits; sigma 1 gives the long tail.
        var amount = (long)Math.Clamp(median * payer.SpendScale * Math.Exp(Gaussian(r)), 100, 2_000_000);
        return new ScreeningBody(Guid.CreateVersion7(at), type, amount, "CNY", payer.Id, payeeId, payeeName, channel, device, ip, at);
    }

    private (string, Guid?, string?, double) Merchant(Random r)
    {
        var merchant = population.Merchants[r.Next(population.Merchants.Length)];
        return ("payment", merchant.Id, merchant.Name, 6_000.0);
    }

    private static (string, Guid?, string?, double) Person(Random r, Customer payer, Customer[] customers)
    {
        var payee = r.NextDouble() < 0.85 ? customers[payer.Contacts[r.Next(payer.Contacts.Length)]] : customers[r.Next(customers.Length)];
        if (payee.Id == payer.Id) payee = customers[payer.Contacts[0]];
        return ("p2p", payee.Id, payee.Name, 20_000.0);
    }

    private static double Gaussian(Random r) =>
        Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
