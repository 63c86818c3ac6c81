using Jade.Payments.Orders;

namespace Jade.Payments.Tests.Transfers;

public sealed class AmountTests
{
    [TestCase("30", 3_000L)]
    [TestCase("30.0", 3_000L)]
    [TestCase("30.00", 3_000L)]
    [TestCase("0.01", 1L)]
    [TestCase("0.10", 10L)]
    [TestCase("9999999999999.99", 999_999_999_999_999L)]
    public void Decimal_text_reads_exactly_into_minor_units(string text, long minor)
    {
        Assert.That(PaymentRequests.ParseAmount(text), Is.EqualTo(minor));
        Assert.That(PaymentRequests.ParseAmount(PaymentRequests.FormatAmount(minor)), Is.EqualTo(minor));
    }

    [TestCase("0")]
    [TestCase("0.00")]
    [TestCase("-1")]
    [TestCase("1.234")]
    [TestCase("1.")]
    [TestCase(".5")]
    [TestCase("1,00")]
    [TestCase("1e3")]
    [TestCase("１０")]
    [TestCase("10000000000000")]
    [TestCase(null)]
    public void Anything_else_is_not_an_amount(string? text) => Assert.That(PaymentRequests.ParseAmount(text), Is.Null);

    [TestCase(0L, "0.00")]
    [TestCase(5L, "0.05")]
    [TestCase(-5L, "-0.05")]
    [TestCase(-123_450L, "-1234.50")]
    public void Minor_units_format_as_plain_decimal_text(long minor, string text) => Assert.That(PaymentRequests.FormatAmount(minor), Is.EqualTo(text));
}
