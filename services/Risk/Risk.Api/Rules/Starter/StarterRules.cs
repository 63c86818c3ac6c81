namespace Jade.Risk.Rules.Starter;

/// <summary>The rule logic the service knows. A rule row names one of these by code; its parameters are data.</summary>
public static class StarterRules
{
    public static readonly IReadOnlyList<IRuleEvaluator> All =
    [
        new KycAmountLimit(), new LargeAmountToNewPayee(), new PayerVelocity(), new DeviceVelocity(), new PayeeVelocity(),
        new Structuring(), new RapidInAndOut(), new NewDeviceHighAmount(), new SanctionedPayee(), new FraudModelThreshold(),
    ];

    public static IRuleEvaluator? Find(string code) => All.FirstOrDefault(e => e.Code == code);
}
