using System.Collections.Concurrent;
using Jade.Contracts.Identity;
using Jade.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Customers;

/// <summary>KYC level and join date per customer, in memory for screening; the rows are the durable copy.</summary>
public sealed class CustomerDirectory
{
    public const int DefaultKycLevel = 1;
    private readonly ConcurrentDictionary<Guid, int> _kycLevels = new();

    public int KycLevelOf(Guid customerId) => _kycLevels.TryGetValue(customerId, out var level) ? level : DefaultKycLevel;

    // Levels only rise, so applying an update twice or late never lowers one.
    public void Apply(Guid customerId, int kycLevel) => _kycLevels.AddOrUpdate(customerId, kycLevel, (_, old) => Math.Max(old, kycLevel));

    public async Task LoadAsync(RiskDb db, CancellationToken ct)
    {
        await foreach (var row in db.Customers.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            Apply(row.Id, row.KycLevel);
        }
    }
}

internal sealed class RecordRegisteredCustomer(RiskDb db, CustomerDirectory directory) : IMessageHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await db.Customers.FindAsync([message.UserId], cancellationToken) is { } known)
        {
            if (message.RegisteredAt < known.RegisteredAt) known.RegisteredAt = message.RegisteredAt;
            return;
        }
        db.Customers.Add(new CustomerRow { Id = message.UserId, RegisteredAt = message.RegisteredAt, UpdatedAt = message.RegisteredAt });
        directory.Apply(message.UserId, CustomerDirectory.DefaultKycLevel);
    }
}

internal sealed class RecordKycLevel(RiskDb db, CustomerDirectory directory) : IMessageHandler<KycVerified>
{
    public async Task HandleAsync(KycVerified message, MessageContext context, CancellationToken cancellationToken)
    {
        var row = await db.Customers.FindAsync([message.UserId], cancellationToken);
        if (row is null)
        {
            // Events from different exchanges may arrive out of order; the registration fills in the date later.
            db.Customers.Add(new CustomerRow { Id = message.UserId, RegisteredAt = message.VerifiedAt, KycLevel = message.Level, UpdatedAt = message.VerifiedAt });
        }
        else if (row.KycLevel < message.Level)
        {
            row.KycLevel = message.Level;
            row.UpdatedAt = message.VerifiedAt;
        }
        directory.Apply(message.UserId, message.Level);
    }
}
