using Jade.Ledger.Domain.Transfers;
using Jade.Ledger.Domain.TwoPhase;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jade.Ledger.Transfers;

/// <summary>A row of <c>ledger.transfers</c>: immutable once written.</summary>
public sealed class TransferRow
{
    public Guid Id { get; set; }
    public Guid DebitAccountId { get; set; }
    public Guid CreditAccountId { get; set; }
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public int Code { get; set; }
    public int Flags { get; set; }
    public Guid? PendingId { get; set; }
    public long TimeoutSeconds { get; set; }
    public string? Metadata { get; set; }
    public long Timestamp { get; set; }

    public Transfer ToDomain() => new()
    {
        Id = Id,
        DebitAccountId = DebitAccountId,
        CreditAccountId = CreditAccountId,
        Amount = Amount,
        Currency = Currency,
        Code = (ushort)Code,
        Flags = (TransferFlags)Flags,
        PendingId = PendingId,
        TimeoutSeconds = (uint)TimeoutSeconds,
        Metadata = Metadata,
        Timestamp = Timestamp,
    };
}

/// <summary>Lifecycle of a pending transfer (<see cref="PendingStatus"/> as an int) and its expiry in nanoseconds.</summary>
public sealed class PendingStatusRow
{
    public Guid TransferId { get; set; }
    public int Status { get; set; }
    public long? ExpiresAt { get; set; }
    /// <summary>The hold was placed through a bus command: its expiry is announced as <c>HoldVoided</c>.</summary>
    public bool Announced { get; set; }
}

/// <summary>A transfer id that failed with a transient result, so its retry answers <c>id_already_failed</c>.</summary>
public sealed class FailedTransferRow
{
    public Guid Id { get; set; }
    public int Result { get; set; }
}

internal sealed class TransferRowConfiguration : IEntityTypeConfiguration<TransferRow>
{
    public void Configure(EntityTypeBuilder<TransferRow> builder)
    {
        builder.ToTable("transfers");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Currency).HasColumnType("char(3)").IsRequired();
        builder.Property(t => t.Metadata).HasColumnType("jsonb");
        // Unique per account, not ledger-wide: batches on disjoint accounts run in parallel and may share a timestamp.
        builder.HasIndex(t => t.Timestamp);
        builder.HasIndex(t => t.PendingId).HasFilter("pending_id IS NOT NULL");
        builder.HasIndex(t => new { t.DebitAccountId, t.Timestamp });
        builder.HasIndex(t => new { t.CreditAccountId, t.Timestamp });
    }
}

internal sealed class PendingStatusRowConfiguration : IEntityTypeConfiguration<PendingStatusRow>
{
    public void Configure(EntityTypeBuilder<PendingStatusRow> builder)
    {
        builder.ToTable("pending_status");
        builder.HasKey(p => p.TransferId);
        builder.Property(p => p.TransferId).ValueGeneratedNever();
        // Only open holds can expire; resolved ones would otherwise pile up in front of every expiry scan.
        builder.HasIndex(p => p.ExpiresAt).HasFilter("status = 1");
    }
}

internal sealed class FailedTransferRowConfiguration : IEntityTypeConfiguration<FailedTransferRow>
{
    public void Configure(EntityTypeBuilder<FailedTransferRow> builder)
    {
        builder.ToTable("failed_transfers");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
    }
}
