using Jade.Contracts.Identity;
using Jade.Messaging;

namespace Jade.Payments.Customers;

internal sealed class RecordRegisteredCustomer(PaymentsDb db, PhoneDirectoryIndex phones, TimeProvider time) : IMessageHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered message, MessageContext context, CancellationToken ct)
    {
        var row = await db.Customers.FindAsync([message.UserId], ct);
        if (row is null)
        {
            row = new CustomerRow { Id = message.UserId };
            db.Customers.Add(row);
        }
        row.Email = CustomerRow.Normalize(message.Email);
        var phone = PhoneNumber.Canonical(message.PhoneNumber);
        row.PhoneIndex = phone is null ? null : phones.Hash(phone);
        row.MaskedPhone = phone is null ? null : PhoneNumber.Mask(phone);
        row.UpdatedAt = time.GetUtcNow();
    }
}

/// <summary>Levels only rise, so a late or repeated event never lowers a customer's limits.</summary>
internal sealed class RecordKycLevel(PaymentsDb db, TimeProvider time) : IMessageHandler<KycVerified>
{
    public async Task HandleAsync(KycVerified message, MessageContext context, CancellationToken ct)
    {
        var row = await db.Customers.FindAsync([message.UserId], ct);
        if (row is null)
        {
            db.Customers.Add(new CustomerRow { Id = message.UserId, KycLevel = message.Level, UpdatedAt = time.GetUtcNow() });
        }
        else if (row.KycLevel < message.Level)
        {
            row.KycLevel = message.Level;
            row.UpdatedAt = time.GetUtcNow();
        }
    }
}
