using System.Globalization;

namespace Jade.Risk.Sanctions;

/// <summary>OFAC's country names (address country and "nationality X"/"citizen X" remarks) to ISO 3166-1 alpha-2,
/// covering every name in the bundled list. A name not in the table is skipped, never guessed.</summary>
public static class Countries
{
    private static readonly Dictionary<string, string> ByOfacName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Afghanistan"] = "AF", ["Albania"] = "AL", ["Algeria"] = "DZ", ["Angola"] = "AO", ["Argentina"] = "AR",
        ["Armenia"] = "AM", ["Aruba"] = "AW", ["Australia"] = "AU", ["Austria"] = "AT", ["Azerbaijan"] = "AZ",
        ["Bahamas, The"] = "BS", ["Bahrain"] = "BH", ["Bangladesh"] = "BD", ["Barbados"] = "BB", ["Belarus"] = "BY",
        ["Belgium"] = "BE", ["Belize"] = "BZ", ["Benin"] = "BJ", ["Bolivia"] = "BO", ["Bosnia and Herzegovina"] = "BA",
        ["Brazil"] = "BR", ["Brunei"] = "BN", ["Bulgaria"] = "BG", ["Burkina Faso"] = "BF", ["Burma"] = "MM",
        ["Burundi"] = "BI", ["Cabo Verde"] = "CV", ["Cambodia"] = "KH", ["Cameroon"] = "CM", ["Canada"] = "CA",
        ["Cayman Islands"] = "KY", ["Central African Republic"] = "CF", ["Chad"] = "TD", ["Chile"] = "CL",
        ["China"] = "CN", ["Colombia"] = "CO", ["Comoros"] = "KM", ["Congo, Democratic Republic of the"] = "CD",
        ["Congo, Republic of the"] = "CG", ["Costa Rica"] = "CR", ["Cote d Ivoire"] = "CI", ["Croatia"] = "HR",
        ["Cuba"] = "CU", ["Cyprus"] = "CY", ["Czech Republic"] = "CZ", ["Denmark"] = "DK", ["Dominica"] = "DM",
        ["Dominican Republic"] = "DO", ["Ecuador"] = "EC", ["Egypt"] = "EG", ["El Salvador"] = "SV",
        ["Equatorial Guinea"] = "GQ", ["Eritrea"] = "ER", ["Ethiopia"] = "ET", ["Finland"] = "FI", ["France"] = "FR",
        ["Georgia"] = "GE", ["Germany"] = "DE", ["Ghana"] = "GH", ["Gibraltar"] = "GI", ["Greece"] = "GR",
        ["Guatemala"] = "GT", ["Guinea"] = "GN", ["Guyana"] = "GY", ["Haiti"] = "HT", ["Honduras"] = "HN",
        ["Hong Kong"] = "HK", ["India"] = "IN", ["Indonesia"] = "ID", ["Iran"] = "IR", ["Iraq"] = "IQ",
        ["Ireland"] = "IE", ["Israel"] = "IL", ["Italy"] = "IT", ["Jamaica"] = "JM", ["Japan"] = "JP", ["Jersey"] = "JE",
        ["Jordan"] = "JO", ["Kazakhstan"] = "KZ", ["Kenya"] = "KE", ["Korea, North"] = "KP", ["Korea, South"] = "KR",
        ["Kosovo"] = "XK", ["Kuwait"] = "KW", ["Kyrgyzstan"] = "KG", ["Laos"] = "LA", ["Latvia"] = "LV",
        ["Lebanon"] = "LB", ["Liberia"] = "LR", ["Libya"] = "LY", ["Liechtenstein"] = "LI", ["Luxembourg"] = "LU",
        ["Macau"] = "MO", ["Macedonia, The Former Yugoslav Republic of"] = "MK", ["Malaysia"] = "MY",
        ["Maldives"] = "MV", ["Mali"] = "ML", ["Malta"] = "MT", ["Marshall Islands"] = "MH", ["Mauritania"] = "MR",
        ["Mexico"] = "MX", ["Moldova"] = "MD", ["Mongolia"] = "MN", ["Montenegro"] = "ME", ["Morocco"] = "MA",
        ["Mozambique"] = "MZ", ["Namibia"] = "NA", ["Netherlands"] = "NL", ["Netherlands Antilles"] = "AN",
        ["New Zealand"] = "NZ", ["Nicaragua"] = "NI", ["Niger"] = "NE", ["Nigeria"] = "NG", ["Norway"] = "NO",
        ["Oman"] = "OM", ["Pakistan"] = "PK", ["Palau"] = "PW", ["Palestinian"] = "PS", ["possibly Palestinian"] = "PS",
        ["West Bank"] = "PS", ["Region: Gaza"] = "PS", ["Panama"] = "PA", ["Paraguay"] = "PY", ["Peru"] = "PE",
        ["Philippines"] = "PH", ["Poland"] = "PL", ["Qatar"] = "QA", ["Region: Crimea"] = "UA", ["Romania"] = "RO",
        ["Russia"] = "RU", ["Rwanda"] = "RW", ["Saint Kitts and Nevis"] = "KN",
        ["Saint Vincent and the Grenadines"] = "VC", ["Samoa"] = "WS", ["Saudi Arabia"] = "SA", ["Senegal"] = "SN",
        ["Serbia"] = "RS", ["Seychelles"] = "SC", ["Sierra Leone"] = "SL", ["Singapore"] = "SG", ["Slovakia"] = "SK",
        ["Slovenia"] = "SI", ["Somalia"] = "SO", ["South Africa"] = "ZA", ["South Sudan"] = "SS", ["Spain"] = "ES",
        ["Sri Lanka"] = "LK", ["Sudan"] = "SD", ["Region: Kafia Kingi"] = "SD", ["Sweden"] = "SE",
        ["Switzerland"] = "CH", ["Syria"] = "SY", ["Taiwan"] = "TW", ["Tajikistan"] = "TJ", ["Tanzania"] = "TZ",
        ["Thailand"] = "TH", ["The Gambia"] = "GM", ["Trinidad and Tobago"] = "TT", ["Tunisia"] = "TN",
        ["Turkey"] = "TR", ["Turkmenistan"] = "TM", ["Uganda"] = "UG", ["Ukraine"] = "UA",
        ["United Arab Emirates"] = "AE", ["United Kingdom"] = "GB", ["United States"] = "US", ["Uruguay"] = "UY",
        ["Uzbekistan"] = "UZ", ["Vanuatu"] = "VU", ["Venezuela"] = "VE", ["Vietnam"] = "VN",
        ["Virgin Islands, British"] = "VG", ["Yemen"] = "YE", ["Zimbabwe"] = "ZW", ["Region: Northern Mali"] = "ML",
    };

    private static readonly HashSet<string> Known = new(ByOfacName.Values, StringComparer.Ordinal);

    public static string? FromOfacName(string? name) =>
        name is not null && ByOfacName.TryGetValue(name.Trim().TrimEnd('.'), out var code) ? code : null;

    /// <summary>Upper-cased alpha-2 code when <paramref name="code"/> names a country (one in the list, or any
    /// region ICU knows); null otherwise.</summary>
    public static string? NormalizeCode(string? code)
    {
        if (code is not { Length: 2 } || !code.All(char.IsAsciiLetter)) return null;
        var upper = code.ToUpperInvariant();
        if (Known.Contains(upper)) return upper;
        try
        {
            return new RegionInfo(upper).TwoLetterISORegionName == upper ? upper : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
