namespace Jade.Identity.Localization;

/// <summary>
/// Every user-facing string of the login UI and of validation messages, one complete instance per supported culture.
/// A typed table (instead of .resx) makes a missing translation a compile error.
/// </summary>
public sealed record AccountTexts
{
    public required string Culture { get; init; }
    public required string HtmlLang { get; init; }
    public required string OtherLanguageCulture { get; init; }
    public required string OtherLanguageName { get; init; }
    public required string Tagline { get; init; }

    public required string LoginTitle { get; init; }
    public required string Email { get; init; }
    public required string Password { get; init; }
    public required string ConfirmPassword { get; init; }
    public required string PhoneNumberOptional { get; init; }
    public required string PasswordHint { get; init; }
    public required string SignIn { get; init; }
    public required string NoAccount { get; init; }
    public required string CreateAccount { get; init; }
    public required string RegisterTitle { get; init; }
    public required string HaveAccount { get; init; }
    public required string InvalidLogin { get; init; }

    public required string TwoFactorTitle { get; init; }
    public required string TwoFactorHint { get; init; }
    public required string AuthenticatorCode { get; init; }
    public required string Verify { get; init; }
    public required string InvalidCode { get; init; }
    public required string UseRecoveryCode { get; init; }
    public required string RecoveryTitle { get; init; }
    public required string RecoveryHint { get; init; }
    public required string RecoveryCode { get; init; }
    public required string InvalidRecoveryCode { get; init; }

    public required string LockoutTitle { get; init; }
    public required string LockoutMessage { get; init; }
    public required string BackToLogin { get; init; }
    public required string LogoutTitle { get; init; }
    public required string LogoutPrompt { get; init; }
    public required string SignOut { get; init; }

    public required string Required { get; init; }
    public required string InvalidEmail { get; init; }
    public required string DuplicateEmail { get; init; }
    public required string InvalidPhone { get; init; }
    public required string InvalidLanguage { get; init; }
    public required string PasswordsDoNotMatch { get; init; }
    public required string WrongCurrentPassword { get; init; }
    public required Func<int, string> TooLong { get; init; }
    public required Func<int, string> PasswordTooShort { get; init; }
    public required string PasswordRequiresUpper { get; init; }
    public required string PasswordRequiresLower { get; init; }
    public required string PasswordRequiresDigit { get; init; }
    public required string TwoFactorNotEnabled { get; init; }
    public required string TwoFactorAlreadyEnabled { get; init; }

    public required string StepUpUnknownPurpose { get; init; }
    public required string StepUpTwoFactorRequiredTitle { get; init; }
    public required string StepUpTwoFactorRequiredDetail { get; init; }
    public required string StepUpLockedOutDetail { get; init; }

    public required string Or { get; init; }
    public required string SignInWithPasskey { get; init; }
    public required string PasskeyCancelled { get; init; }
    public required string PasskeyNotAccepted { get; init; }
    public required string PasskeyCeremonyExpired { get; init; }
    public required string PasskeyLimitTitle { get; init; }
    public required Func<int, string> PasskeyLimitDetail { get; init; }
    public required string PasskeyExistsTitle { get; init; }
    public required string PasskeyExistsDetail { get; init; }
    public required string PasskeyRequiredTitle { get; init; }
    public required string PasskeyRequiredDetail { get; init; }

    public static readonly AccountTexts Chinese = new()
    {
        Culture = "zh-CN",
        HtmlLang = "zh-CN",
        OtherLanguageCulture = "en",
        OtherLanguageName = "English",
        Tagline = "安全、便捷的数字金融服务",
        LoginTitle = "登录 Jade",
        Email = "邮箱",
        Password = "密码",
        ConfirmPassword = "确认密码",
        PhoneNumberOptional = "手机号（选填）",
        PasswordHint = "至少 10 位，包含大写字母、小写字母和数字",
        SignIn = "登录",
        NoAccount = "还没有账户？",
        CreateAccount = "注册",
        RegisterTitle = "创建 Jade 账户",
        HaveAccount = "已有账户？",
        InvalidLogin = "邮箱或密码不正确。",
        TwoFactorTitle = "两步验证",
        TwoFactorHint = "请输入身份验证器应用中的 6 位验证码。",
        AuthenticatorCode = "验证码",
        Verify = "验证",
        InvalidCode = "验证码不正确。",
        UseRecoveryCode = "使用恢复码登录",
        RecoveryTitle = "使用恢复码登录",
        RecoveryHint = "每个恢复码只能使用一次。",
        RecoveryCode = "恢复码",
        InvalidRecoveryCode = "恢复码不正确或已使用。",
        LockoutTitle = "账户已锁定",
        LockoutMessage = "登录失败次数过多，账户已被暂时锁定。请 15 分钟后再试。",
        BackToLogin = "返回登录",
        LogoutTitle = "退出登录",
        LogoutPrompt = "确定要退出 Jade 吗？",
        SignOut = "退出",
        Required = "此项为必填项。",
        InvalidEmail = "请输入有效的邮箱地址。",
        DuplicateEmail = "该邮箱已被注册。",
        InvalidPhone = "请输入有效的手机号（例如 +8613812345678）。",
        InvalidLanguage = "语言只能是 zh-CN 或 en。",
        PasswordsDoNotMatch = "两次输入的密码不一致。",
        WrongCurrentPassword = "当前密码不正确。",
        TooLong = max => $"长度不能超过 {max} 个字符。",
        PasswordTooShort = min => $"密码至少需要 {min} 个字符。",
        PasswordRequiresUpper = "密码必须包含大写字母。",
        PasswordRequiresLower = "密码必须包含小写字母。",
        PasswordRequiresDigit = "密码必须包含数字。",
        TwoFactorNotEnabled = "尚未开启两步验证。",
        TwoFactorAlreadyEnabled = "两步验证已开启；请先关闭再重新绑定身份验证器。",
        StepUpUnknownPurpose = "不支持的验证用途。",
        StepUpTwoFactorRequiredTitle = "请先设置身份验证器应用",
        StepUpTwoFactorRequiredDetail = "此操作需要身份验证器应用中的验证码。请先在安全设置中开启两步验证，然后重试。",
        StepUpLockedOutDetail = "验证失败次数过多，账户已被暂时锁定。请 15 分钟后再试。",
        Or = "或",
        SignInWithPasskey = "使用通行密钥登录",
        PasskeyCancelled = "通行密钥验证已取消或超时。",
        PasskeyNotAccepted = "无法验证该通行密钥，请重试。",
        PasskeyCeremonyExpired = "通行密钥请求已过期，请重新开始。",
        PasskeyLimitTitle = "通行密钥数量已达上限",
        PasskeyLimitDetail = max => $"最多可添加 {max} 个通行密钥；请先删除一个不再使用的。",
        PasskeyExistsTitle = "该通行密钥已添加",
        PasskeyExistsDetail = "此设备上已有 Jade 账户的通行密钥。",
        PasskeyRequiredTitle = "请先添加通行密钥",
        PasskeyRequiredDetail = "您还没有通行密钥。请在安全设置中添加，或使用身份验证器应用中的验证码。",
    };

    public static readonly AccountTexts English = new()
    {
        Culture = "en",
        HtmlLang = "en",
        OtherLanguageCulture = "zh-CN",
        OtherLanguageName = "简体中文",
        Tagline = "Secure, simple digital finance",
        LoginTitle = "Sign in to Jade",
        Email = "Email",
        Password = "Password",
        ConfirmPassword = "Confirm password",
        PhoneNumberOptional = "Mobile number (optional)",
        PasswordHint = "At least 10 characters with upper-case, lower-case letters and a digit",
        SignIn = "Sign in",
        NoAccount = "New to Jade?",
        CreateAccount = "Create an account",
        RegisterTitle = "Create your Jade account",
        HaveAccount = "Already have an account?",
        InvalidLogin = "The email or password is incorrect.",
        TwoFactorTitle = "Two-step verification",
        TwoFactorHint = "Enter the 6-digit code from your authenticator app.",
        AuthenticatorCode = "Verification code",
        Verify = "Verify",
        InvalidCode = "The verification code is incorrect.",
        UseRecoveryCode = "Sign in with a recovery code",
        RecoveryTitle = "Sign in with a recovery code",
        RecoveryHint = "Each recovery code works only once.",
        RecoveryCode = "Recovery code",
        InvalidRecoveryCode = "The recovery code is incorrect or was already used.",
        LockoutTitle = "Account locked",
        LockoutMessage = "Too many failed sign-in attempts. Your account is locked for a while; try again in 15 minutes.",
        BackToLogin = "Back to sign in",
        LogoutTitle = "Sign out",
        LogoutPrompt = "Do you want to sign out of Jade?",
        SignOut = "Sign out",
        Required = "This field is required.",
        InvalidEmail = "Enter a valid email address.",
        DuplicateEmail = "This email is already registered.",
        InvalidPhone = "Enter a valid mobile number (e.g. +8613812345678).",
        InvalidLanguage = "Language must be zh-CN or en.",
        PasswordsDoNotMatch = "The passwords do not match.",
        WrongCurrentPassword = "The current password is incorrect.",
        TooLong = max => $"Must be at most {max} characters.",
        PasswordTooShort = min => $"The password must be at least {min} characters.",
        PasswordRequiresUpper = "The password must contain an upper-case letter.",
        PasswordRequiresLower = "The password must contain a lower-case letter.",
        PasswordRequiresDigit = "The password must contain a digit.",
        TwoFactorNotEnabled = "Two-step verification is not enabled.",
        TwoFactorAlreadyEnabled = "Two-step verification is on; turn it off before setting up a new authenticator.",
        StepUpUnknownPurpose = "This verification purpose is not supported.",
        StepUpTwoFactorRequiredTitle = "Set up an authenticator app first",
        StepUpTwoFactorRequiredDetail = "This action needs a code from your authenticator app. Turn on two-step verification on the security page, then try again.",
        StepUpLockedOutDetail = "Too many failed attempts: your account is locked for a while. Try again in 15 minutes.",
        Or = "or",
        SignInWithPasskey = "Sign in with a passkey",
        PasskeyCancelled = "The passkey request was cancelled or timed out.",
        PasskeyNotAccepted = "That passkey could not be verified. Try again.",
        PasskeyCeremonyExpired = "The passkey request has expired. Start again.",
        PasskeyLimitTitle = "Passkey limit reached",
        PasskeyLimitDetail = max => $"You can add up to {max} passkeys. Remove one you no longer use first.",
        PasskeyExistsTitle = "Passkey already added",
        PasskeyExistsDetail = "This authenticator already holds a passkey for a Jade account.",
        PasskeyRequiredTitle = "Add a passkey first",
        PasskeyRequiredDetail = "You have no passkey yet. Add one on the security page, or use a code from your authenticator app.",
    };

    /// <summary>The table of the request's UI culture (set by request localization), Chinese by default.</summary>
    public static AccountTexts Current =>
        TextsCulture.Pick(Chinese, English);
}
