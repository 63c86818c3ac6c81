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
    public required string AlreadyRequestedTitle { get; init; }
    public required string AlreadyRequestedDetail { get; init; }
    public required string FourEyesTitle { get; init; }
    public required string FourEyesDetail { get; init; }
    public required string RequestNotFoundTitle { get; init; }
    public required string RequestClosedTitle { get; init; }
    public required Func<string, string> RequestClosedDetail { get; init; }
    public required Func<string[], string> UnknownStatus { get; init; }
    public required string NothingToCancelTitle { get; init; }

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
        AlreadyRequestedTitle = "该客户已有一项待审批的重置申请。",
        AlreadyRequestedDetail = "请在待审批列表中由另一位客服审批或驳回，无需重复申请。",
        FourEyesTitle = "不能审批自己提交的申请。",
        FourEyesDetail = "重置两步验证须由另一位客服审批（双人复核）。",
        RequestNotFoundTitle = "未找到该重置申请。",
        RequestClosedTitle = "该申请已处理完毕。",
        RequestClosedDetail = status => status switch
        {
            "approved" => "该申请已被批准。",
            "rejected" => "该申请已被驳回。",
            "expired" => "该申请已过期（24 小时内未审批），如仍需重置请重新申请。",
            _ => "该申请已不再待审批。",
        },
        UnknownStatus = all => $"状态应为以下之一：{string.Join("、", all)}。",
        NothingToCancelTitle = "没有待审批的两步验证重置申请。",
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
        AlreadyRequestedTitle = "A reset is already waiting for approval for this customer.",
        AlreadyRequestedDetail = "Another agent can approve or reject it in the approval queue; there is no need to ask again.",
        FourEyesTitle = "You cannot approve your own request.",
        FourEyesDetail = "Resetting two-step verification needs a second support agent to approve it (four eyes).",
        RequestNotFoundTitle = "No such reset request.",
        RequestClosedTitle = "This request has already been decided.",
        RequestClosedDetail = status => status switch
        {
            "approved" => "It was approved.",
            "rejected" => "It was rejected.",
            "expired" => "It expired (not approved within 24 hours). Ask again if the reset is still needed.",
            _ => "It is no longer waiting for approval.",
        },
        UnknownStatus = all => $"status must be one of: {string.Join(", ", all)}.",
        NothingToCancelTitle = "There is no request to reset your two-step verification waiting for approval.",
    };

    public static SupportTexts Current =>
        TextsCulture.Pick(Chinese, English);
}
