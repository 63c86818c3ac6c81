using Jade.Payments.Cards;

namespace Jade.Payments.Tests.Cards;

public sealed class CardNumberTests
{
    // Published test numbers of the card schemes (valid check digits), written as people type them.
    [TestCase("4111 1111 1111 1111", "4111111111111111")]
    [TestCase("4222222222222", "4222222222222")]
    [TestCase("5555-5555-5555-4444", "5555555555554444")]
    [TestCase("378282246310005", "378282246310005")]
    [TestCase("6200 0000 0000 0005", "6200000000000005")]
    [TestCase("6205500000000000004", "6205500000000000004")]
    public void Valid_numbers_parse_to_their_digits(string typed, string digits)
    {
        Assert.That(CardNumber.Parse(typed), Is.EqualTo(((string?)digits, (string?)null)));
    }

    [TestCase("4111111111111112", "not valid")] // last digit mistyped
    [TestCase("4111111111111121", "not valid")] // two digits swapped
    [TestCase("6200000000000050", "not valid")]
    [TestCase("411111111111", "13 to 19 digits")] // 12 digits
    [TestCase("41111111111111111111", "13 to 19 digits")] // 20 digits
    [TestCase("4111 1111 1111 111a", "only digits")]
    [TestCase("４１１１１１１１１１１１１１１１", "only digits")] // full-width digits are not ASCII digits
    [TestCase("", "Enter the card number")]
    [TestCase("   ", "Enter the card number")]
    [TestCase(null, "Enter the card number")]
    public void Invalid_numbers_are_refused_with_the_reason(string? typed, string reason)
    {
        var (digits, error) = CardNumber.Parse(typed);

        Assert.That(digits, Is.Null);
        Assert.That(error, Does.Contain(reason));
    }

    [Test]
    public void Every_single_mistyped_digit_fails_the_check()
    {
        const string valid = "6200000000000005";
        for (var position = 0; position < valid.Length; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit == valid[position]) continue;
                var typo = valid[..position] + digit + valid[(position + 1)..];
                Assert.That(CardNumber.PassesLuhn(typo), Is.False, typo);
            }
        }
    }

    [TestCase("622202", "1234", 16, "6222 02** **** 1234")]
    [TestCase("378282", "0005", 15, "3782 82** ***0 005")]
    [TestCase("620550", "0004", 19, "6205 50** **** ***0 004")]
    public void The_mask_shows_only_the_issuer_prefix_and_the_last_four_digits(string first6, string last4, int length, string masked)
    {
        Assert.That(CardNumber.Mask(first6, last4, length), Is.EqualTo(masked));
    }
}
