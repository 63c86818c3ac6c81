using System.Globalization;
using System.Text.RegularExpressions;
using Jade.Contracts.Identity;
using Jade.Contracts.Payments;
using Jade.Notifications.Composing;

namespace Jade.Notifications.Tests.Composing;

public sealed partial class TemplateTests
{
    private static readonly Guid PaymentId = Guid.Parse("01968a2e-5b7c-7d10-9a3b-2f4e6c8d0a11");
    private static readonly string PaymentLink = $"/payments/{PaymentId:D}";
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));

    /// <summary>The kinds the agreed design lists; every one must have a template.</summary>
    private static readonly string[] DesignKinds =
    [
        "welcome", "kyc_verified", "kyc_rejected", "kyc_level3_verified", "kyc_upgrade_rejected", "login_new_device", "passkey_added", "account_locked", "two_factor_disabled", "two_factor_reset_requested", "two_factor_reset", "password_changed", "topup_completed", "transfer_sent", "transfer_received",
        "withdrawal_completed", "withdrawal_failed", "payment_failed", "topup_refunded", "review_approved", "review_declined",
    ];

    private static PaymentCompleted Completed(string kind) => new(
        PaymentId, kind, Guid.CreateVersion7(), Guid.CreateVersion7(), 12_345, "CNY", "a***e@example.com", "b***b@example.com", null, null, At);

    private static PaymentFailed Failed(string kind, string reason) => new(
        PaymentId, kind, Guid.CreateVersion7(), null, 12_345, "CNY", "a***e@example.com", "6222 **** 0001", null, null, reason, "AM04", At);

    private static IEnumerable<TestCaseData> EveryTemplate()
    {
        yield return Case("welcome", Templates.Welcome(), "account", "/security");
        yield return Case("kyc_verified", Templates.KycVerified(), "account", "/verification");
        yield return Case("kyc_rejected", Templates.KycRejected(), "account", "/verification");
        yield return Case("kyc_level3_verified", Templates.KycLevel3Verified(), "account", "/verification");
        yield return Case("kyc_upgrade_rejected", Templates.KycUpgradeRejected(new KycUpgradeRejected(Guid.CreateVersion7(), Guid.CreateVersion7(), At, At.AddDays(7))),
            "account", "/verification");
        yield return Case("login_new_device", Templates.NewDevice(new LoginFromNewDevice(Guid.CreateVersion7(), Guid.CreateVersion7(), "Chrome on Windows", "203.0.113.x", At)),
            "security", "/security");
        yield return Case("passkey_added", Templates.PasskeyAdded(new PasskeyAdded(Guid.CreateVersion7(), "cred-id", "Work laptop", "Chrome on Linux", "203.0.113.x", At)),
            "security", "/security");
        yield return Case("account_locked", Templates.AccountLocked(Locked()), "security", "/security");
        yield return Case("password_changed", Templates.PasswordChanged(new PasswordChanged(Guid.CreateVersion7(), "Edge on Windows", "192.0.2.x", At)),
            "security", "/security");
        yield return Case("two_factor_disabled", Templates.TwoFactorDisabled(new TwoFactorDisabled(Guid.CreateVersion7(), "Safari on iPhone", "198.51.100.x", At)),
            "security", "/security");
        yield return Case("two_factor_reset_requested", Templates.TwoFactorResetRequested(new TwoFactorResetRequested(Guid.CreateVersion7(), At, At.AddHours(24))),
            "security", "/security");
        yield return Case("two_factor_reset", Templates.TwoFactorReset(new TwoFactorReset(Guid.CreateVersion7(), At)), "security", "/security");
        yield return Case("topup_completed", Templates.TopUpCompleted(Completed("topup")), "payments", PaymentLink);
        yield return Case("transfer_sent", Templates.TransferSent(Completed("p2p")), "payments", PaymentLink);
        yield return Case("transfer_received", Templates.TransferReceived(Completed("p2p")), "payments", PaymentLink);
        yield return Case("withdrawal_completed", Templates.WithdrawalCompleted(Completed("withdrawal")), "payments", PaymentLink);
        yield return Case("withdrawal_failed", Templates.WithdrawalFailed(Failed("withdrawal", "payout_failed")), "payments", PaymentLink);
        yield return Case("payment_failed", Templates.PaymentFailed(Failed("p2p", "insufficient_funds")), "payments", PaymentLink);
        yield return Case("topup_refunded", Templates.TopUpRefunded(Failed("topup", "refunded_to_card")), "payments", PaymentLink);
        yield return Case("review_approved", Templates.ReviewOutcome(PaymentId, approved: true), "payments", PaymentLink);
        yield return Case("review_declined", Templates.ReviewOutcome(PaymentId, approved: false), "payments", PaymentLink);

        static TestCaseData Case(string kind, NotificationContent content, string category, string? link) =>
            new TestCaseData(content, kind, category, link).SetArgDisplayNames(kind);
    }

    [TestCaseSource(nameof(EveryTemplate))]
    public void Every_template_renders_both_languages_with_its_kind_category_and_link(NotificationContent content, string kind, string category, string? link)
    {
        Assert.Multiple(() =>
        {
            Assert.That(content.Kind, Is.EqualTo(kind));
            Assert.That(content.Category, Is.EqualTo(category));
            Assert.That(content.Link, Is.EqualTo(link));
            foreach (var (name, text, max) in new[]
            {
                ("title zh-CN", content.Title.ZhCn, 200), ("title en", content.Title.En, 200),
                ("body zh-CN", content.Body.ZhCn, 4000), ("body en", content.Body.En, 4000),
            })
            {
                Assert.That(text, Is.Not.Null.And.Not.Empty.And.Not.Contain("{").And.Not.Contain("}"), $"{name} is rendered");
                Assert.That(text.Trim(), Is.EqualTo(text), $"{name} has no stray whitespace");
                Assert.That(text, Has.Length.LessThanOrEqualTo(max), $"{name} fits its column");
            }
            // Catches the two languages swapped or one left untranslated.
            Assert.That(Chinese().IsMatch(content.Title.ZhCn) && Chinese().IsMatch(content.Body.ZhCn), Is.True, "zh-CN text is Chinese");
            Assert.That(Chinese().IsMatch(content.Title.En) || Chinese().IsMatch(content.Body.En), Is.False, "en text has no Chinese");
        });
    }

    [Test]
    public void Every_kind_of_the_design_has_a_template_and_no_template_shares_a_kind()
    {
        var kinds = EveryTemplate().Select(c => ((NotificationContent)c.Arguments[0]!).Kind).ToList();
        Assert.That(kinds, Is.EquivalentTo(DesignKinds).And.Unique);
    }

    [Test]
    public void A_declined_level_3_application_names_when_to_apply_again_in_beijing_time()
    {
        var content = Templates.KycUpgradeRejected(new KycUpgradeRejected(Guid.CreateVersion7(), Guid.CreateVersion7(),
            new DateTimeOffset(2026, 3, 1, 16, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 8, 16, 5, 0, TimeSpan.Zero)));
        Assert.Multiple(() =>
        {
            Assert.That(content.Body.ZhCn, Does.Contain("2026-03-09 00:05（北京时间）"));
            Assert.That(content.Body.En, Does.Contain("after 2026-03-09 00:05 (Beijing time)"));
        });
    }

    [TestCase(0L, "CNY", "¥0.00")]
    [TestCase(1L, "CNY", "¥0.01")]
    [TestCase(99L, "CNY", "¥0.99")]
    [TestCase(100L, "CNY", "¥1.00")]
    [TestCase(123_456L, "CNY", "¥1,234.56")]
    [TestCase(100_000_000_00L, "CNY", "¥100,000,000.00")]
    [TestCase(long.MaxValue, "CNY", "¥92,233,720,368,547,758.07")]
    [TestCase(1_234L, "USD", "USD 12.34")]
    [TestCase(long.MaxValue, "HKD", "HKD 92,233,720,368,547,758.07")]
    public void Amounts_are_formatted_exactly_from_minor_units(long minor, string currency, string expected) =>
        Assert.That(Templates.Amount(minor, currency), Is.EqualTo(expected));

    [TestCase("de-DE")]
    [TestCase("fr-FR")]
    [TestCase("zh-CN")]
    public void Amounts_do_not_depend_on_the_servers_culture(string culture)
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);
            Assert.That(Templates.Amount(123_456_789L, "CNY"), Is.EqualTo("¥1,234,567.89"));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [TestCase("insufficient_funds", "余额不足", "not enough money in the wallet")]
    [TestCase("risk_declined", "未通过风险检查", "declined by our risk checks")]
    [TestCase("review_declined", "审核未通过", "declined after review")]
    [TestCase("review_timeout", "审核超时", "the review took too long")]
    [TestCase("cancelled_by_payer", "您在审核期间取消了该笔付款", "you cancelled it while it was being reviewed")]
    [TestCase("card_declined", "银行卡被拒绝", "the card was declined")]
    [TestCase("confirmation_timeout", "未在规定时间内确认", "it was not confirmed in time")]
    [TestCase("payout_failed", "收款银行拒绝了该笔款项", "the receiving bank refused it")]
    [TestCase("channel_unavailable", "支付渠道暂不可用", "the payment channel was unavailable")]
    [TestCase("ledger_rejected", "处理失败", "it could not be processed")]
    [TestCase("something_new", "处理失败", "it could not be processed")]
    public void Failure_reasons_read_as_human_text_in_both_languages(string reason, string zh, string en)
    {
        var payment = Templates.PaymentFailed(Failed("p2p", reason));
        var withdrawal = Templates.WithdrawalFailed(Failed("withdrawal", reason));
        Assert.Multiple(() =>
        {
            Assert.That(payment.Body.ZhCn, Does.EndWith($"原因：{zh}。"));
            Assert.That(payment.Body.En, Does.EndWith($"Reason: {en}."));
            Assert.That(withdrawal.Body.ZhCn, Does.EndWith($"原因：{zh}。"));
            Assert.That(withdrawal.Body.En, Does.EndWith($"Reason: {en}."));
            Assert.That(payment.Body.En + withdrawal.Body.En, Does.Not.Contain(reason), "no raw reason code");
        });
    }

    [Test]
    public void Payment_messages_name_the_amount_and_the_other_side()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Templates.TopUpCompleted(Completed("topup")).Body.En, Is.EqualTo("¥123.45 was added to your wallet."));
            Assert.That(Templates.TransferSent(Completed("p2p")).Body.En, Is.EqualTo("Your transfer of ¥123.45 to b***b@example.com is complete."));
            Assert.That(Templates.TransferSent(Completed("p2p")).Body.ZhCn, Is.EqualTo("您向 b***b@example.com 转账 ¥123.45 已完成。"));
            Assert.That(Templates.TransferReceived(Completed("p2p")).Body.En, Is.EqualTo("a***e@example.com sent you ¥123.45. It is in your wallet now."));
            Assert.That(Templates.WithdrawalCompleted(Completed("withdrawal")).Body.En, Is.EqualTo("¥123.45 was paid out to b***b@example.com."));
            Assert.That(Templates.WithdrawalFailed(Failed("withdrawal", "payout_failed")).Body.En, Does.StartWith("Your withdrawal of ¥123.45 to 6222 **** 0001 did not go through"));
            Assert.That(Templates.PaymentFailed(Failed("topup", "card_declined")).Title.En, Is.EqualTo("Your top-up did not go through"));
            Assert.That(Templates.TopUpRefunded(Failed("topup", "refunded_to_card")).Body.En,
                Does.StartWith("Your top-up of ¥123.45 could not be added to your wallet, so the full amount was refunded to your card."));
            Assert.That(Templates.TopUpRefunded(Failed("topup", "refunded_to_card")).Body.ZhCn, Does.StartWith("您 ¥123.45 的充值未能存入钱包，款项已全额退回您的银行卡。"));
            Assert.That(Templates.PaymentFailed(Failed("topup", "card_declined")).Title.ZhCn, Is.EqualTo("充值未成功"));
            Assert.That(Templates.PaymentFailed(Failed("p2p", "card_declined")).Title.En, Is.EqualTo("Your transfer did not go through"));
            Assert.That(Templates.PaymentFailed(Failed("p2p", "card_declined")).Title.ZhCn, Is.EqualTo("转账未成功"));
        });
    }

    [Test]
    public void A_new_device_alert_gives_the_sign_in_time_in_utc_with_the_device_and_address()
    {
        // 09:30 in Beijing is 01:30 UTC, whatever offset the event carried.
        var alert = Templates.NewDevice(new LoginFromNewDevice(Guid.CreateVersion7(), Guid.CreateVersion7(), "Firefox on Linux", "198.51.100.x", At));
        Assert.Multiple(() =>
        {
            Assert.That(alert.Body.En, Does.StartWith("Your account was signed in to from Firefox on Linux (IP 198.51.100.x) at 2026-03-01 01:30 UTC."));
            Assert.That(alert.Body.ZhCn, Does.StartWith("您的账户于 2026-03-01 01:30（UTC）在 Firefox on Linux（IP 198.51.100.x）上登录。"));
        });
    }

    [Test]
    public void A_passkey_alert_names_the_passkey_the_device_and_the_address()
    {
        var alert = Templates.PasskeyAdded(new PasskeyAdded(Guid.CreateVersion7(), "cred-id", "Work laptop", "Firefox on Linux", "198.51.100.x", At));
        Assert.Multiple(() =>
        {
            Assert.That(alert.Body.En, Does.StartWith("A passkey named \"Work laptop\" was added to your account from Firefox on Linux (IP 198.51.100.x) at 2026-03-01 01:30 UTC."));
            Assert.That(alert.Body.ZhCn, Does.StartWith("您的账户于 2026-03-01 01:30（UTC）在 Firefox on Linux（IP 198.51.100.x）上添加了通行密钥“Work laptop”"));
        });
    }

    [Test]
    public void A_lockout_alert_says_when_from_where_and_until_when()
    {
        var alert = Templates.AccountLocked(Locked());
        Assert.Multiple(() =>
        {
            Assert.That(alert.Body.En, Does.StartWith("Your account was locked at 2026-03-01 01:30 UTC after too many failed attempts from Firefox on Linux (IP 198.51.100.x). You can sign in again after 2026-03-01 01:45 UTC."));
            Assert.That(alert.Body.ZhCn, Does.StartWith("您的账户于 2026-03-01 01:30（UTC）在 Firefox on Linux（IP 198.51.100.x）上因多次验证失败被锁定，2026-03-01 01:45（UTC）后可再次登录。"));
        });
    }

    private static AccountLocked Locked() => new(Guid.CreateVersion7(), "sign_in", "Firefox on Linux", "198.51.100.x", At, At.AddMinutes(15));

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
