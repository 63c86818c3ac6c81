using Jade.Identity.Localization;
using Jade.ServiceDefaults;

namespace Jade.Identity.Kyc;

/// <summary>KYC validation and conflict messages per culture (zh-CN default, en), typed so a missing translation fails to compile.</summary>
public sealed record KycTexts
{
    public required string Required { get; init; }
    public required Func<int, int, string> LengthBetween { get; init; }
    public required string InvalidLegalName { get; init; }
    public required string InvalidPrcId { get; init; }
    public required string PrcIdCheckDigit { get; init; }
    public required string PrcIdBirthDate { get; init; }
    public required string InvalidPassportStyleId { get; init; }
    public required string InvalidDate { get; init; }
    public required string DateInFuture { get; init; }
    public required string TooYoung { get; init; }
    public required string TooOld { get; init; }
    public required string UnknownNationality { get; init; }
    public required string InvalidPhone { get; init; }
    public required string BodyTooLarge { get; init; }
    public required string MalformedBody { get; init; }
    public required string ExpectedText { get; init; }
    public required string AlreadyInProgress { get; init; }
    public required string AlreadyVerified { get; init; }
    public required string NationalIdTaken { get; init; }
    public required string Conflict { get; init; }
    public required string NotAChoice { get; init; }
    public required Func<int, string> AtMost { get; init; }
    public required string PlainText { get; init; }
    public required string UpgradeNeedsVerification { get; init; }
    public required string UpgradeAlreadyEnhanced { get; init; }
    public required string UpgradePending { get; init; }
    /// <summary>Names when a declined applicant may apply again, in Beijing time (the product's business day).</summary>
    public required Func<DateTimeOffset, string> UpgradeTooSoon { get; init; }

    private static string BeijingTime(DateTimeOffset at) =>
        at.ToOffset(BusinessDay.Offset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly KycTexts Chinese = new()
    {
        Required = "此项为必填项。",
        LengthBetween = (min, max) => $"长度应为 {min} 到 {max} 个字符。",
        InvalidLegalName = "姓名只能包含文字、空格、“·”和“-”。",
        InvalidPrcId = "请输入 18 位居民身份证号码。",
        PrcIdCheckDigit = "身份证号码校验位不正确，请检查是否输错。",
        PrcIdBirthDate = "身份证号码中的出生日期与填写的出生日期不一致。",
        InvalidPassportStyleId = "证件号码应为 5 到 30 位字母或数字。",
        InvalidDate = "请输入有效日期（YYYY-MM-DD）。",
        DateInFuture = "出生日期不能晚于今天。",
        TooYoung = "需年满 18 周岁才能进行实名认证。",
        TooOld = "出生日期不能早于 1900 年。",
        UnknownNationality = "请选择有效的国家或地区。",
        InvalidPhone = "请输入有效的手机号（例如 13812345678 或 +8613812345678）。",
        BodyTooLarge = "提交的内容过大。",
        MalformedBody = "请求格式不正确。",
        ExpectedText = "此项应为文本。",
        AlreadyInProgress = "您的实名认证正在审核中，请耐心等待结果。",
        AlreadyVerified = "您已完成实名认证。",
        NationalIdTaken = "该证件已用于另一个已认证的账户。",
        Conflict = "认证状态刚刚发生变化，请刷新后重试。",
        NotAChoice = "请从列表中选择一项。",
        AtMost = max => $"最多 {max} 个字符。",
        PlainText = "请只填写文字，不要包含控制字符。",
        UpgradeNeedsVerification = "请先完成实名认证（二级），再申请三级认证。",
        UpgradeAlreadyEnhanced = "您已完成三级认证。",
        UpgradePending = "您的三级认证申请正在审核中，请耐心等待结果。",
        UpgradeTooSoon = at => $"您的三级认证申请未获批准，可于 {BeijingTime(at)}（北京时间）后重新申请。",
    };

    public static readonly KycTexts English = new()
    {
        Required = "This field is required.",
        LengthBetween = (min, max) => $"Must be {min} to {max} characters.",
        InvalidLegalName = "Use letters, spaces, \"·\" and \"-\" only.",
        InvalidPrcId = "Enter the 18-character resident identity card number.",
        PrcIdCheckDigit = "The check digit of this ID number is wrong; please check for typos.",
        PrcIdBirthDate = "The birth date in the ID number does not match the date of birth entered.",
        InvalidPassportStyleId = "The ID number must be 5 to 30 letters or digits.",
        InvalidDate = "Enter a valid date (YYYY-MM-DD).",
        DateInFuture = "The date of birth cannot be in the future.",
        TooYoung = "You must be at least 18 years old to verify your identity.",
        TooOld = "The date of birth cannot be before 1900.",
        UnknownNationality = "Choose a valid country or region.",
        InvalidPhone = "Enter a valid mobile number (e.g. 13812345678 or +8613812345678).",
        BodyTooLarge = "The request is too large.",
        MalformedBody = "The request is not valid JSON.",
        ExpectedText = "Must be text.",
        AlreadyInProgress = "Your verification is being reviewed; please wait for the result.",
        AlreadyVerified = "Your identity is already verified.",
        NationalIdTaken = "This ID is already used by another verified account.",
        Conflict = "Your verification status just changed; refresh and try again.",
        NotAChoice = "Choose one of the options.",
        AtMost = max => $"At most {max} characters.",
        PlainText = "Use plain text without control characters.",
        UpgradeNeedsVerification = "Verify your identity (level 2) before applying for level 3.",
        UpgradeAlreadyEnhanced = "You are already verified at level 3.",
        UpgradePending = "Your level 3 application is being reviewed; please wait for the result.",
        UpgradeTooSoon = at => $"Your level 3 application was not approved; you can apply again after {BeijingTime(at)} (Beijing time).",
    };

    public static KycTexts Current =>
        TextsCulture.Pick(Chinese, English);
}
