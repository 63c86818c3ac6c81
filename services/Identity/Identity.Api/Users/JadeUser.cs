using Microsoft.AspNetCore.Identity;

namespace Jade.Identity.Users;

/// <summary>A person who signs in to Jade: a customer, or staff holding the <c>staff</c> role.</summary>
public sealed class JadeUser : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>UI culture the customer chose: <c>zh-CN</c> or <c>en</c>.</summary>
    public string Language { get; set; } = Languages.Default;
}

public static class Languages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public const string Default = Chinese;

    public static readonly string[] Supported = [Chinese, English];

    public static bool IsSupported(string? value) => value is Chinese or English;
}

public static class Roles
{
    public const string Customer = "customer";
    public const string Staff = "staff";
    public const string Admin = "admin";

    /// <summary>Staff who decide risk and KYC review cases (a second officer approves: four eyes).</summary>
    public const string RiskOfficer = "risk_officer";

    /// <summary>Staff who investigate and resolve the payment channels' reconciliation differences (suspense items).</summary>
    public const string PaymentsOperator = "payments_operator";

    /// <summary>Staff who help customers who cannot sign in (e.g. resetting a lost authenticator, with their identity checked).</summary>
    public const string SupportAgent = "support_agent";
}
