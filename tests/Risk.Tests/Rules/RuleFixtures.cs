using Jade.Risk.Screening;

namespace Jade.Risk.Tests.Rules;

public static class RuleFixtures
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 26, 4, 0, 0, TimeSpan.Zero);

    public static ScreeningTransaction Payment(long amount, Guid? payer = null, Guid? payee = null, DateTimeOffset? at = null,
        string type = TransactionTypes.P2P, string? device = "device-1") =>
        new(Guid.CreateVersion7(), type, amount, "CNY", payer ?? Guid.CreateVersion7(), payee ?? Guid.CreateVersion7(), null, "app", device,
            "203.0.113.7", at ?? Noon);
}
