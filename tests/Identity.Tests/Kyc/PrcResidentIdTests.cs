using Jade.Identity.Kyc;

namespace Jade.Identity.Tests.Kyc;

/// <summary>ISO 7064 MOD 11-2 as GB 11643-1999 uses it; the first two rows are the standard's own examples.</summary>
public sealed class PrcResidentIdTests
{
    private static readonly string[] ValidIds =
    [
        "11010519491231002X",
        "440524188001010014",
        "110101199003070011",
        "11010119900307002X",
        "110101199003070038",
        "310115198512200014",
        "510104200002290011",
        "44030119990101123X",
    ];

    [TestCaseSource(nameof(ValidIds))]
    public void Golden_ids_have_the_right_check_character(string id)
    {
        Assert.Multiple(() =>
        {
            Assert.That(PrcResidentId.CheckCharacter(id.AsSpan(0, 17)), Is.EqualTo(id[17]));
            Assert.That(PrcResidentId.HasValidCheckCharacter(id), Is.True);
        });
    }

    [TestCaseSource(nameof(ValidIds))]
    public void Every_single_character_corruption_is_detected(string id)
    {
        // MOD 11-2 catches every single-digit error: each weight is invertible modulo 11.
        for (var position = 0; position < id.Length; position++)
        {
            foreach (var replacement in "0123456789X")
            {
                if (replacement == id[position] || (replacement == 'X' && position < 17))
                {
                    continue;
                }
                var corrupted = string.Concat(id.AsSpan(0, position), replacement.ToString(), id.AsSpan(position + 1));
                Assert.That(PrcResidentId.HasValidCheckCharacter(corrupted), Is.False, $"{corrupted} (position {position + 1})");
            }
        }
    }

    [Test]
    public void A_lower_case_x_or_a_letter_in_the_body_is_not_a_valid_id()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PrcResidentId.HasValidCheckCharacter("11010519491231002x"), Is.False);
            Assert.That(PrcResidentId.HasValidCheckCharacter("1101051949123100AX"), Is.False);
            Assert.That(PrcResidentId.HasValidCheckCharacter("11010519491231002"), Is.False);
        });
    }

    [Test]
    public void The_embedded_birth_date_must_be_a_real_date()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PrcResidentId.BirthDate("11010519491231002X"), Is.EqualTo(new DateOnly(1949, 12, 31)));
            Assert.That(PrcResidentId.BirthDate("510104200002290011"), Is.EqualTo(new DateOnly(2000, 2, 29)));
            Assert.That(PrcResidentId.BirthDate(WithCheck("11010519900230001")), Is.Null, "30 February");
            Assert.That(PrcResidentId.BirthDate(WithCheck("11010519011329001")), Is.Null, "month 13");
        });
    }

    [Test]
    public void The_country_list_is_the_249_iso_codes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Countries.Alpha2, Has.Count.EqualTo(249));
            Assert.That(Countries.IsKnown("CN") && Countries.IsKnown("GB") && Countries.IsKnown("HK"), Is.True);
            Assert.That(Countries.IsKnown("UK") || Countries.IsKnown("XX") || Countries.IsKnown("cn"), Is.False);
        });
    }

    internal static string WithCheck(string first17) => first17 + PrcResidentId.CheckCharacter(first17);
}
