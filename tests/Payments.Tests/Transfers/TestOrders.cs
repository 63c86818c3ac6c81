using Jade.Payments.Orders;

namespace Jade.Payments.Tests.Transfers;

/// <summary>Orders for the saga tests that run without IO.</summary>
internal static class TestOrders
{
    /// <summary>A fresh P2P transfer of 30.00 CNY between two new customers, just accepted.</summary>
    public static PaymentOrderRow PeerToPeer(DateTimeOffset createdAt) => new()
    {
        Id = Guid.CreateVersion7(), Kind = PaymentKinds.PeerToPeer, CustomerId = Guid.CreateVersion7(), CounterpartyId = Guid.CreateVersion7(),
        PayerLabel = "a***e@example.com", PayeeLabel = "b*b@example.com", AmountMinor = 3_000, Currency = "CNY", Channel = "web",
        Status = PaymentStatuses.Accepted, PostTransferId = Guid.CreateVersion7(), VoidTransferId = Guid.CreateVersion7(),
        CreatedAt = createdAt,
    };
}
