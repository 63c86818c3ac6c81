using Jade.Identity.Localization;

namespace Jade.Identity.Support;

/// <summary>The support console's validation and conflict messages per culture (zh-CN default, en).</summary>
public sealed record SupportTexts
{
    public required string Required { get; init; }
    public required string InvalidEmail { get; init; }
    public required Func<int, int, string> LengthBetween { get; init; }
    public required string NationalIdMismatch { get; init; }
    public required string CustomerNotFoundTitle { get; init; }
    public required string IdentityNotVerifiedTitle { get; init; }
    public required string IdentityNotVerifiedDetail { get; init; }
    public required string TwoFactorNotEnabledTitle { get; init; }
    public required string CheckLimitTitle { get; init; }
    public required string CheckLimitDetail { get; init; }

    public static readonly SupportTexts Chinese = new()
    {
        Required = "此项为必填项。",
        InvalidEmail = "请输入有效的邮箱地址。",
        LengthBetween = (min, max) => $"长度应为 {min} 到 {max} 个字符。",
        NationalIdMismatch = "证件号码与该客户已认证的身份不一致。",
        CustomerNotFoundTitle = "未找到该客户。",
        IdentityNotVerifiedTitle = "该客户尚未完成实名认证。",
        IdentityNotVerifiedDetail = "无法核对身份，客服不能重置两步验证。请客户使用恢复码或通行密钥登录。",
        TwoFactorNotEnabledTitle = "该客户未开启两步验证。",
        CheckLimitTitle = "今日身份核对失败次数过多。",
        CheckLimitDetail = "该客户 24 小时内已有 3 次证件号码核对失败，请将此事升级至安全团队处理。",
    };

    public static readonly SupportTexts English = new()
    {
        Required = "This field is required.",
        InvalidEmail = "Enter a valid e-mail address.",
        LengthBetween = (min, max) => $"Must be {min} to {max} characters long.",
        NationalIdMismatch = "This ID number does not match the customer's verified identity.",
        CustomerNotFoundTitle = "No such customer.",
        IdentityNotVerifiedTitle = "This customer has no verified identity.",
        IdentityNotVerifiedDetail = "Support cannot check who is calling, so it cannot reset two-step verification. The customer can sign in with a recovery code or a passkey.",
        TwoFactorNotEnabledTitle = "Two-step verification is not on for this customer.",
        CheckLimitTitle = "Too many failed identity checks today.",
        CheckLimitDetail = "Three ID numbers stated for this customer in the last 24 hours did not match. Escalate to the security team.",
    };

    public static SupportTexts Current =>
        TextsCulture.Pick(Chinese, English);
}
