using System.Globalization;
using Jade.Contracts.Identity;
using Jade.Contracts.Payments;
using Jade.Notifications.Inbox;
using Jade.Notifications.Preferences;
using Jade.ServiceDefaults;

namespace Jade.Notifications.Composing;

/// <summary>
/// The words of every notification, in Chinese and English. Kept in code beside the events they describe so a new
/// event cannot ship without both languages; the tests render each one.
/// </summary>
public static class Templates
{
    public static NotificationContent Welcome() => new("welcome", Categories.Account,
        new("欢迎加入 Jade", "Welcome to Jade"),
        new("您的账户已开通。建议先在“安全设置”页面开启两步验证，保护您的资金安全。",
            "Your account is ready. We recommend turning on two-step verification on the Security page to protect your money."),
        "/security");

    public static NotificationContent KycVerified() => new("kyc_verified", Categories.Account,
        new("身份认证已通过", "Identity verified"),
        new("您已完成实名认证，更高的转账和提现限额已生效。",
            "Your identity is verified and your higher transfer and withdrawal limits now apply."),
        "/verification");

    /// <summary>An officer approved the customer's level 3 application (<c>KycVerified</c> at level 3).</summary>
    public static NotificationContent KycLevel3Verified() => new("kyc_level3_verified", Categories.Account,
        new("三级认证已通过", "Level 3 verification approved"),
        new("您的三级认证申请已获批准，最高一级的转账和提现限额已生效。",
            "Your level 3 application was approved and the highest transfer and withdrawal limits now apply."),
        "/verification");

    public static NotificationContent KycUpgradeRejected(KycUpgradeRejected rejected)
    {
        var after = rejected.ReapplyAfter.ToOffset(BusinessDay.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new("kyc_upgrade_rejected", Categories.Account,
            new("三级认证申请未通过", "Level 3 application not approved"),
            new($"我们未能批准您的三级认证申请，您当前的限额保持不变。您可以在 {after}（北京时间）后重新申请，或联系客服了解详情。",
                $"We could not approve your level 3 application; your current limits stay as they are. You can apply again after {after} (Beijing time), or contact support for details."),
            "/verification");
    }

    public static NotificationContent KycRejected() => new("kyc_rejected", Categories.Account,
        new("身份认证未通过", "Identity verification unsuccessful"),
        new("我们未能核实您提交的身份信息。请检查后重新提交，或联系客服。",
            "We could not verify the details you submitted. Please check them and submit again, or contact support."),
        "/verification");

    public static NotificationContent NewDevice(LoginFromNewDevice login)
    {
        var at = login.SignedInAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new("login_new_device", Categories.Security,
            new("新设备登录提醒", "New sign-in to your account"),
            new($"您的账户于 {at}（UTC）在 {login.Device}（IP {login.IpAddress}）上登录。如果不是您本人操作，请立即修改密码并开启两步验证。",
                $"Your account was signed in to from {login.Device} (IP {login.IpAddress}) at {at} UTC. If this wasn't you, change your password now and turn on two-step verification."),
            "/security");
    }

    public static NotificationContent PasskeyAdded(PasskeyAdded added)
    {
        var at = added.AddedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new("passkey_added", Categories.Security,
            new("已添加通行密钥", "Passkey added to your account"),
            new($"您的账户于 {at}（UTC）在 {added.Device}（IP {added.IpAddress}）上添加了通行密钥“{added.Name}”，可用它登录和重置支付密码。如果不是您本人操作，请立即在安全设置中删除它并修改密码。",
                $"A passkey named \"{added.Name}\" was added to your account from {added.Device} (IP {added.IpAddress}) at {at} UTC. It can sign you in and reset your payment PIN. If this wasn't you, remove it on the security page and change your password now."),
            "/security");
    }

    public static NotificationContent AccountLocked(AccountLocked locked)
    {
        var at = locked.LockedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var until = locked.LockedUntil.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new("account_locked", Categories.Security,
            new("账户已被暂时锁定", "Your account is locked for now"),
            new($"您的账户于 {at}（UTC）在 {locked.Device}（IP {locked.IpAddress}）上因多次验证失败被锁定，{until}（UTC）后可再次登录。如果不是您本人操作，说明有人在尝试您的密码，请在解锁后立即修改密码并开启两步验证。",
                $"Your account was locked at {at} UTC after too many failed attempts from {locked.Device} (IP {locked.IpAddress}). You can sign in again after {until} UTC. If this wasn't you, someone is trying your password: change it as soon as you can sign in and turn on two-step verification."),
            "/security");
    }

    public static NotificationContent PasswordChanged(PasswordChanged changed)
    {
        var at = changed.ChangedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new("password_changed", Categories.Security,
            new("登录密码已修改", "Your password was changed"),
            new($"您的登录密码于 {at}（UTC）在 {changed.Device}（IP {changed.IpAddress}）上被修改，其他设备上的登录已退出。如果不是您本人操作，请立即联系客服冻结账户。",
                $"Your password was changed from {changed.Device} (IP {changed.IpAddress}) at {at} UTC, and your other devices were signed out. If this wasn't you, contact support now to freeze your account."),
            "/security");
    }

    public static NotificationContent TwoFactorReset(TwoFactorReset reset)
    {
        var at = reset.ResetAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new("two_factor_reset", Categories.Security,
            new("两步验证已由客服关闭", "Two-step verification turned off by support"),
            new($"应您的请求，Jade 客服于 {at}（UTC）核实身份后关闭了您账户的两步验证，原有的恢复码已失效。请尽快在安全设置中重新开启。如果您没有联系过客服，请立即修改密码并致电客服。",
                $"At your request, Jade support checked your identity and turned off two-step verification on your account at {at} UTC; your old recovery codes no longer work. Turn it on again on the security page soon. If you did not contact support, change your password and call us now."),
            "/security");
    }

    public static NotificationContent TwoFactorDisabled(TwoFactorDisabled disabled)
    {
        var at = disabled.DisabledAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new("two_factor_disabled", Categories.Security,
            new("两步验证已关闭", "Two-step verification turned off"),
            new($"您账户的两步验证于 {at}（UTC）在 {disabled.Device}（IP {disabled.IpAddress}）上被关闭，现在仅凭密码即可登录。如果不是您本人操作，请立即修改密码、重新开启两步验证并联系客服。",
                $"Two-step verification on your account was turned off from {disabled.Device} (IP {disabled.IpAddress}) at {at} UTC; your password alone now signs in. If this wasn't you, change your password, turn it on again and contact support now."),
            "/security");
    }

    public static NotificationContent TwoFactorResetRequested(TwoFactorResetRequested requested)
    {
        var at = requested.RequestedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var until = requested.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new("two_factor_reset_requested", Categories.Security,
            new("客服收到关闭两步验证的申请", "Support was asked to turn off two-step verification"),
            new($"{at}（UTC）有人致电 Jade 客服，核对证件号码后申请关闭您账户的两步验证。该申请需另一位客服复核，最晚于 {until}（UTC）前处理。如果不是您本人，请立即在安全设置中阻止该申请，并修改登录密码。",
                $"At {at} UTC someone called Jade support, stated your ID number and asked for two-step verification on your account to be turned off. A second agent must approve it, by {until} UTC at the latest. If this wasn't you, stop it now on the security page and change your password."),
            "/security");
    }

    public static NotificationContent TopUpCompleted(PaymentCompleted p) => new("topup_completed", Categories.Payments,
        new("充值成功", "Top-up received"),
        new($"{Amount(p.AmountMinor, p.Currency)} 已存入您的钱包。", $"{Amount(p.AmountMinor, p.Currency)} was added to your wallet."),
        PaymentLink(p.PaymentId));

    public static NotificationContent TransferSent(PaymentCompleted p) => new("transfer_sent", Categories.Payments,
        new("转账成功", "Transfer sent"),
        new($"您向 {p.PayeeLabel} 转账 {Amount(p.AmountMinor, p.Currency)} 已完成。",
            $"Your transfer of {Amount(p.AmountMinor, p.Currency)} to {p.PayeeLabel} is complete."),
        PaymentLink(p.PaymentId));

    public static NotificationContent TransferReceived(PaymentCompleted p) => new("transfer_received", Categories.Payments,
        new("收到转账", "Money received"),
        new($"{p.PayerLabel} 向您转账 {Amount(p.AmountMinor, p.Currency)}，已存入钱包。",
            $"{p.PayerLabel} sent you {Amount(p.AmountMinor, p.Currency)}. It is in your wallet now."),
        PaymentLink(p.PaymentId));

    public static NotificationContent WithdrawalCompleted(PaymentCompleted p) => new("withdrawal_completed", Categories.Payments,
        new("提现成功", "Withdrawal completed"),
        new($"{Amount(p.AmountMinor, p.Currency)} 已提现至 {p.PayeeLabel}。", $"{Amount(p.AmountMinor, p.Currency)} was paid out to {p.PayeeLabel}."),
        PaymentLink(p.PaymentId));

    public static NotificationContent WithdrawalFailed(PaymentFailed p)
    {
        var (zh, en) = Reason(p.Reason);
        return new("withdrawal_failed", Categories.Payments,
            new("提现失败", "Withdrawal failed"),
            new($"您提现 {Amount(p.AmountMinor, p.Currency)} 至 {p.PayeeLabel} 未成功，款项已退回钱包。原因：{zh}。",
                $"Your withdrawal of {Amount(p.AmountMinor, p.Currency)} to {p.PayeeLabel} did not go through and the money is back in your wallet. Reason: {en}."),
            PaymentLink(p.PaymentId));
    }

    /// <summary>A top-up the wallet could not take: the card was charged, and the charge has gone back to it.</summary>
    public static NotificationContent TopUpRefunded(PaymentFailed p) => new("topup_refunded", Categories.Payments,
        new("充值已退回银行卡", "Top-up refunded to your card"),
        new($"您 {Amount(p.AmountMinor, p.Currency)} 的充值未能存入钱包，款项已全额退回您的银行卡。退款到账时间以发卡银行为准。",
            $"Your top-up of {Amount(p.AmountMinor, p.Currency)} could not be added to your wallet, so the full amount was refunded to your card. "
            + "Your bank decides when it shows on your statement."),
        PaymentLink(p.PaymentId));

    public static NotificationContent PaymentFailed(PaymentFailed p)
    {
        var (zh, en) = Reason(p.Reason);
        var (kindZh, kindEn) = p.Kind == "topup" ? ("充值", "top-up") : ("转账", "transfer");
        return new("payment_failed", Categories.Payments,
            new($"{kindZh}未成功", $"Your {kindEn} did not go through"),
            new($"您 {Amount(p.AmountMinor, p.Currency)} 的{kindZh}未成功，钱包未被扣款。原因：{zh}。",
                $"Your {kindEn} of {Amount(p.AmountMinor, p.Currency)} did not go through and no money left your wallet. Reason: {en}."),
            PaymentLink(p.PaymentId));
    }

    public static NotificationContent ReviewOutcome(Guid paymentId, bool approved) => approved
        ? new("review_approved", Categories.Payments,
            new("付款审核已通过", "Payment review passed"),
            new("您的付款已通过人工审核，正在完成处理。", "Your payment passed our review and is being completed."),
            PaymentLink(paymentId))
        : new("review_declined", Categories.Payments,
            new("付款审核未通过", "Payment declined after review"),
            new("您的付款未通过审核，冻结的款项已退回钱包。", "Your payment was declined after review; the held money is back in your wallet."),
            PaymentLink(paymentId));

    /// <summary>Minor units to a display amount: decimal arithmetic, two digits for CNY and every currency Jade holds today.</summary>
    public static string Amount(long minor, string currency)
    {
        var major = (minor / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
        return currency == "CNY" ? $"¥{major}" : $"{currency} {major}";
    }

    private static string PaymentLink(Guid paymentId) => $"/payments/{paymentId:D}";

    private static (string Zh, string En) Reason(string reason) => reason switch
    {
        "insufficient_funds" => ("余额不足", "not enough money in the wallet"),
        "risk_declined" => ("未通过风险检查", "declined by our risk checks"),
        "review_declined" => ("审核未通过", "declined after review"),
        "review_timeout" => ("审核超时", "the review took too long"),
        "cancelled_by_payer" => ("您在审核期间取消了该笔付款", "you cancelled it while it was being reviewed"),
        "card_declined" => ("银行卡被拒绝", "the card was declined"),
        "confirmation_timeout" => ("未在规定时间内确认", "it was not confirmed in time"),
        "payout_failed" => ("收款银行拒绝了该笔款项", "the receiving bank refused it"),
        "channel_unavailable" => ("支付渠道暂不可用", "the payment channel was unavailable"),
        _ => ("处理失败", "it could not be processed"),
    };
}
