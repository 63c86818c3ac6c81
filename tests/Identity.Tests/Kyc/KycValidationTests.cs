using Jade.Identity.Kyc;

namespace Jade.Identity.Tests.Kyc;

/// <summary>The rules on a fixed "today", so age boundaries are exact.</summary>
public sealed class KycValidationTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static KycSubmitRequest Valid() =>
        new("张三", "11010519491231002X", "1949-12-31", "CN", "13812345678");

    private static IReadOnlyDictionary<string, string[]> Errors(KycSubmitRequest request) =>
        KycValidation.Validate(request, Today, KycTexts.English).Errors.ToDictionary();

    [Test]
    public void A_valid_submission_is_normalised()
    {
        var (valid, errors) = KycValidation.Validate(
            new KycSubmitRequest("  John   Doe ", "ab1234567", "1990-03-07", "gb", "+44 7911-123456"), Today, KycTexts.English);
        Assert.That(errors.Any, Is.False);
        Assert.That(valid, Is.EqualTo(new ValidKycSubmission("John Doe", "AB1234567", new DateOnly(1990, 3, 7), "GB", "+447911123456")));
    }

    [TestCase("欧阳娜娜")]
    [TestCase("阿卜杜·热合曼")]
    [TestCase("Mary-Jane O")]
    [TestCase("José Müller")]
    [TestCase("李")]
    public void Legal_names_of_every_script_are_accepted_when_long_enough(string name)
    {
        var errors = Errors(Valid() with { LegalName = name });
        Assert.That(errors.ContainsKey(KycFields.LegalName), Is.EqualTo(name.Length < 2), string.Join(" ", errors.Keys));
    }

    /// <summary>Family names written with characters outside the basic plane: each is two UTF-16 units, neither a letter by itself.</summary>
    [TestCase("𠮷野家")]
    [TestCase("吉𠮷")]
    [TestCase("王𬌗")]
    public void Legal_names_with_rare_characters_beyond_the_basic_plane_are_accepted(string name)
    {
        Assert.That(Errors(Valid() with { LegalName = name }), Does.Not.ContainKey(KycFields.LegalName));
    }

    [TestCase("张\uD842")]
    [TestCase("\uDFB7张三")]
    public void A_legal_name_with_half_a_character_is_refused(string name)
    {
        Assert.That(Errors(Valid() with { LegalName = name }), Does.ContainKey(KycFields.LegalName));
    }

    [TestCase(KycFields.LegalName, "", TestName = "legal name missing")]
    [TestCase(KycFields.LegalName, "J", TestName = "legal name too short")]
    [TestCase(KycFields.LegalName, "John Doe 3", TestName = "legal name with a digit")]
    [TestCase(KycFields.LegalName, "John <Doe>", TestName = "legal name with markup")]
    [TestCase(KycFields.LegalName, "-John", TestName = "legal name starting with a separator")]
    [TestCase(KycFields.NationalId, "", TestName = "national id missing")]
    [TestCase(KycFields.NationalId, "11010519491231002", TestName = "CN id of 17 characters")]
    [TestCase(KycFields.NationalId, "110105194912310021", TestName = "CN id with a wrong check digit")]
    [TestCase(KycFields.NationalId, "A1010519491231002X", TestName = "CN id with a letter")]
    [TestCase(KycFields.DateOfBirth, "", TestName = "date of birth missing")]
    [TestCase(KycFields.DateOfBirth, "31/12/1949", TestName = "date of birth not ISO")]
    [TestCase(KycFields.DateOfBirth, "1949-02-30", TestName = "date of birth impossible")]
    [TestCase(KycFields.Nationality, "", TestName = "nationality missing")]
    [TestCase(KycFields.Nationality, "XX", TestName = "nationality unknown")]
    [TestCase(KycFields.Nationality, "CHN", TestName = "nationality alpha-3")]
    [TestCase(KycFields.Phone, "", TestName = "phone missing")]
    [TestCase(KycFields.Phone, "12345678901", TestName = "phone not a mainland mobile")]
    [TestCase(KycFields.Phone, "+0123456789", TestName = "phone E.164 with a leading zero")]
    [TestCase(KycFields.Phone, "1381234567", TestName = "phone of 10 digits")]
    public void A_bad_field_is_named(string field, string value)
    {
        var request = field switch
        {
            KycFields.LegalName => Valid() with { LegalName = value },
            KycFields.NationalId => Valid() with { NationalId = value },
            KycFields.DateOfBirth => Valid() with { DateOfBirth = value },
            KycFields.Nationality => Valid() with { Nationality = value },
            _ => Valid() with { Phone = value },
        };
        // A wrong nationality also makes the CN id "passport-style"; only the named field matters here.
        Assert.That(Errors(request).Keys, Does.Contain(field));
    }

    [Test]
    public void The_cn_id_birth_date_must_match_the_date_of_birth()
    {
        var errors = Errors(Valid() with { DateOfBirth = "1949-12-30" });
        Assert.That(errors.Keys, Is.EqualTo(new[] { KycFields.NationalId }));
        Assert.That(errors[KycFields.NationalId][0], Is.EqualTo(KycTexts.English.PrcIdBirthDate));
    }

    [Test]
    public void A_cn_id_with_an_impossible_embedded_date_is_refused_even_with_a_valid_check_digit()
    {
        var id = PrcResidentIdTests.WithCheck("11010519900230001");
        Assert.That(Errors(Valid() with { NationalId = id, DateOfBirth = "1990-02-28" }).Keys, Is.EqualTo(new[] { KycFields.NationalId }));
    }

    [TestCase("AB123", true)]
    [TestCase("AB12", false)]
    [TestCase("E12345678", true)]
    [TestCase("E1234567-8", false)]
    public void Other_nationalities_take_5_to_30_alphanumerics(string id, bool ok)
    {
        var errors = Errors(Valid() with { Nationality = "US", NationalId = id });
        Assert.That(errors.ContainsKey(KycFields.NationalId), Is.EqualTo(!ok));
        Assert.That(Errors(Valid() with { Nationality = "US", NationalId = new string('A', 31) }).Keys, Does.Contain(KycFields.NationalId));
    }

    [Test]
    public void Age_boundaries()
    {
        string Dob(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        KycSubmitRequest Us(DateOnly d) => Valid() with { Nationality = "US", NationalId = "AB12345", DateOfBirth = Dob(d) };
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Us(Today.AddYears(-18))), Is.Empty, "18 today");
            Assert.That(Errors(Us(Today.AddYears(-18).AddDays(1)))[KycFields.DateOfBirth][0], Is.EqualTo(KycTexts.English.TooYoung));
            Assert.That(Errors(Us(Today.AddDays(1)))[KycFields.DateOfBirth][0], Is.EqualTo(KycTexts.English.DateInFuture));
            Assert.That(Errors(Us(new DateOnly(1899, 12, 31)))[KycFields.DateOfBirth][0], Is.EqualTo(KycTexts.English.TooOld));
            Assert.That(Errors(Us(new DateOnly(1900, 1, 1))), Is.Empty);
        });
    }

    [Test]
    public void Oversized_fields_are_refused_without_parsing_them()
    {
        var huge = new string('9', 10_000);
        var errors = Errors(new KycSubmitRequest(new string('张', 101), huge, huge, huge, huge));
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { KycFields.LegalName, KycFields.NationalId, KycFields.DateOfBirth, KycFields.Nationality, KycFields.Phone }));
    }

    [TestCase("张三", "张*")]
    [TestCase("张小三", "张*三")]
    [TestCase("欧阳娜娜", "欧**娜")]
    [TestCase("John Doe", "J*** D**")]
    [TestCase("阿卜杜·热合曼", "阿**·热**")]
    [TestCase("Mary-Jane Smith", "M***-J*** S****")]
    [TestCase("𠮷野家", "𠮷*家")]
    public void Names_are_masked(string name, string masked) => Assert.That(KycMasking.MaskName(name), Is.EqualTo(masked));

    [TestCase("11010519491231002X", "110***********002X")]
    [TestCase("110105194912311234", "110***********1234")]
    [TestCase("E12345678", "E12**5678")]
    [TestCase("AB123", "***23")]
    public void National_ids_are_masked(string id, string masked) => Assert.That(KycMasking.MaskNationalId(id), Is.EqualTo(masked));

    [TestCase("北京市朝阳区建国路 88 号 1 单元 101", "北京市朝阳区****")]
    [TestCase("上海市浦东新区", "上海****")]
    [TestCase("1 Main St, Springfield", "1 Main****")]
    [TestCase("北京市", "北****")]
    [TestCase("abcd", "a****")]
    public void Addresses_are_masked_to_their_opening(string address, string masked) =>
        Assert.That(KycMasking.MaskAddress(address), Is.EqualTo(masked));
}
