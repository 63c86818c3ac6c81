namespace Jade.Risk.Customers;

/// <summary>What risk knows of a customer from identity's events: when they joined and their KYC level.</summary>
public sealed class CustomerRow
{
    public Guid Id { get; init; }
    public DateTimeOffset RegisteredAt { get; set; }
    public int KycLevel { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
}
