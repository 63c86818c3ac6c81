using Jade.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Jade.Payments.Orders;

/// <summary>
/// One payment order and the state of its saga. The order id doubles as the ledger hold's transfer id and as the
/// screening transaction id, so every reply names the order it belongs to; the post and void transfer ids are fixed
/// at creation, which makes every resent command an idempotent repeat at the ledger.
/// </summary>
public sealed class PaymentOrderRow
{
    public Guid Id { get; init; }
    public required string Kind { get; init; }
    public Guid CustomerId { get; init; }
    public Guid? CounterpartyId { get; init; }

    /// <summary>How each side sees the other, masked at creation (an e-mail like "b***b@example.com").</summary>
    public required string PayerLabel { get; set; }
    public required string PayeeLabel { get; init; }

    /// <summary>A withdrawal's card holder, screened against sanctions lists; encrypted at rest.</summary>
    public string? PayeeName { get; init; }

    /// <summary>The card a withdrawal pays out to.</summary>
    public Guid? BankCardId { get; init; }

    /// <summary>The channel's id for this order's charge or payout, once the channel has one.</summary>
    public string? ChannelObjectId { get; set; }

    /// <summary>The acquirer's id for the refund of a top-up the ledger would not credit, once it has one.</summary>
    public string? RefundId { get; set; }

    /// <summary>Where the customer confirms a top-up at the card acquirer.</summary>
    public string? ConfirmUrl { get; set; }

    /// <summary>The partner bank (its client id) that sent a credit, and its end-to-end id for it, unique per partner.</summary>
    public string? PartnerClientId { get; init; }
    public string? PartnerReference { get; init; }

    /// <summary>
    /// The customer's <c>Idempotency-Key</c> for the request that created the order, unique per customer: a retry whose
    /// first run committed the order but not its answer finds the order instead of creating a second payment. A top-up
    /// whose charge was never created gives its key back, so the customer's retry can start one.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Why the partner cancelled the payment (an ISO 20022 cancellation reason such as <c>DUPL</c>), if it did.</summary>
    public string? CancellationReason { get; set; }

    public long AmountMinor { get; init; }
    public required string Currency { get; init; }
    public string? Memo { get; init; }
    public required string Channel { get; init; }
    public string? DeviceId { get; init; }
    public string? IpAddress { get; init; }

    public required string Status { get; set; }
    public string? FailureReason { get; set; }
    public string HoldStatus { get; set; } = HoldStatuses.Pending;
    public string? RiskOutcome { get; set; }
    public int? RiskScore { get; set; }
    public string[] RiskReasons { get; set; } = [];
    public Guid? RiskCaseId { get; set; }
    public Guid PostTransferId { get; init; }
    public Guid VoidTransferId { get; init; }

    /// <summary>When the saga next acts on its own (resends a step, or gives up waiting for a review); null once final.</summary>
    public DateTimeOffset? Deadline { get; set; }
    public int Resends { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public List<PaymentEventRow> Timeline { get; init; } = [];

    public bool IsFinal => Status is PaymentStatuses.Completed or PaymentStatuses.Failed;

    public const string KeyedOrderIndex = "ix_payment_orders_customer_id_idempotency_key";
    public const string PartnerReferenceIndex = "ix_payment_orders_partner_client_id_partner_reference";

    public static void Configure(ModelBuilder model, IDataProtectionProvider dataProtection)
    {
        model.Entity<PaymentOrderRow>(e =>
        {
            e.Property(o => o.PayeeName).IsEncryptedPersonalData(dataProtection);
            e.Property(o => o.ChannelObjectId).HasMaxLength(100);
            e.Property(o => o.RefundId).HasMaxLength(100);
            e.Property(o => o.ConfirmUrl).HasMaxLength(500);
            e.Property(o => o.PartnerClientId).HasMaxLength(100);
            e.Property(o => o.PartnerReference).HasMaxLength(35);
            e.HasIndex(o => new { o.PartnerClientId, o.PartnerReference }).IsUnique().HasFilter("partner_client_id IS NOT NULL")
                .HasDatabaseName(PartnerReferenceIndex);
            // A partner's payment list walks its orders newest first by id (version 7, so in creation order).
            e.HasIndex(o => new { o.PartnerClientId, o.Id }).HasFilter("partner_client_id IS NOT NULL");
            // A partner's daily limit sums its payments of the day.
            e.HasIndex(o => new { o.PartnerClientId, o.CreatedAt }).HasFilter("partner_client_id IS NOT NULL");
            e.Property(o => o.CancellationReason).HasMaxLength(4);
            e.Property(o => o.IdempotencyKey).HasMaxLength(Persistence.Idempotency.IdempotencyKeys.MaxKeyLength);
            e.HasIndex(o => new { o.CustomerId, o.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL")
                .HasDatabaseName(KeyedOrderIndex);
            e.ToTable("payment_orders");
            e.HasKey(o => o.Id);
            e.Property(o => o.Id).ValueGeneratedNever();
            e.Property(o => o.Kind).HasMaxLength(20);
            e.Property(o => o.PayerLabel).HasMaxLength(300);
            e.Property(o => o.PayeeLabel).HasMaxLength(300);
            e.Property(o => o.Currency).HasMaxLength(3);
            e.Property(o => o.Memo).HasMaxLength(PaymentRequests.MaxMemoLength);
            e.Property(o => o.Channel).HasMaxLength(20);
            e.Property(o => o.DeviceId).HasMaxLength(100);
            e.Property(o => o.IpAddress).HasMaxLength(45);
            e.Property(o => o.Status).HasMaxLength(30);
            e.Property(o => o.FailureReason).HasMaxLength(40);
            e.Property(o => o.HoldStatus).HasMaxLength(20);
            e.Property(o => o.RiskOutcome).HasMaxLength(20);
            e.Ignore(o => o.IsFinal);
            e.HasMany(o => o.Timeline).WithOne().HasForeignKey(t => t.OrderId);
            e.HasIndex(o => new { o.CustomerId, o.CreatedAt });
            e.HasIndex(o => new { o.CounterpartyId, o.CreatedAt });
            // The deadline sweeper scans only live sagas.
            e.HasIndex(o => o.Deadline).HasFilter("deadline IS NOT NULL");
        });
        model.Entity<PaymentEventRow>(e =>
        {
            e.ToTable("payment_events");
            e.HasKey(t => t.Id);
            e.Property(t => t.Step).HasMaxLength(40);
            e.Property(t => t.Detail).HasMaxLength(500);
            e.HasIndex(t => new { t.OrderId, t.Id });
        });
    }
}

/// <summary>One step in an order's history, as the customer's timeline shows it.</summary>
public sealed class PaymentEventRow
{
    public long Id { get; init; }
    public Guid OrderId { get; init; }
    public required string Step { get; init; }
    public string? Detail { get; init; }
    public DateTimeOffset At { get; init; }
}

public static class PaymentKinds
{
    public const string PeerToPeer = "p2p";
    public const string TopUp = "topup";
    public const string Withdrawal = "withdrawal";
    public const string PartnerCredit = "partner_credit";
    public const string PartnerPayout = "partner_payout";
    public static readonly string[] All = [PeerToPeer, TopUp, Withdrawal, PartnerCredit, PartnerPayout];

    /// <summary>Kinds the card acquirer charges, and kinds the payout rail pays out: what each channel's statement lists.</summary>
    public static readonly string[] Charged = [TopUp];
    public static readonly string[] PaidOut = [Withdrawal, PartnerPayout];

    /// <summary>Kinds whose held money leaves Jade through the payout rail before it is posted.</summary>
    public static bool PaysOut(string kind) => kind is Withdrawal or PartnerPayout;

    /// <summary>Kinds that bring money into the owner's wallet.</summary>
    public static bool IsIncoming(string kind) => kind is TopUp or PartnerCredit;
}

public static class PaymentStatuses
{
    public const string Created = "created";
    public const string AwaitingConfirmation = "awaiting_confirmation";
    public const string Accepted = "accepted";
    public const string InReview = "in_review";
    public const string PayingOut = "paying_out";
    public const string AwaitingPayout = "awaiting_payout";
    public const string Posting = "posting";
    public const string Voiding = "voiding";
    public const string Refunding = "refunding";
    public const string AwaitingRefund = "awaiting_refund";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public static readonly string[] All =
        [Created, AwaitingConfirmation, Accepted, InReview, PayingOut, AwaitingPayout, Posting, Voiding, Refunding, AwaitingRefund, Completed, Failed];
}

public static class HoldStatuses
{
    public const string Pending = "pending";
    public const string Placed = "placed";
    public const string Failed = "failed";
}

public static class FailureReasons
{
    public const string InsufficientFunds = "insufficient_funds";
    public const string RiskDeclined = "risk_declined";
    public const string ReviewDeclined = "review_declined";
    public const string ReviewTimeout = "review_timeout";
    public const string HoldExpired = "hold_expired";
    public const string LedgerRejected = "ledger_rejected";
    public const string CardDeclined = "card_declined";
    public const string ConfirmationTimeout = "confirmation_timeout";
    public const string ChannelUnavailable = "channel_unavailable";
    /// <summary>A top-up the ledger would not credit, whose charge went back to the card.</summary>
    public const string RefundedToCard = "refunded_to_card";
    public const string PayoutFailed = "payout_failed";
    /// <summary>The payer stopped it while it waited for a risk officer.</summary>
    public const string CancelledByPayer = "cancelled_by_payer";
}
