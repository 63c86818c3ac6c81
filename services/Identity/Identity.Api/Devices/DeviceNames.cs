namespace Jade.Identity.Devices;

/// <summary>
/// A short, human description of a browser from its user agent (<c>Chrome on Linux</c>), for the customer's
/// "new sign-in" alert and the device list. Recognition never depends on it: the device cookie does that.
/// </summary>
public static class DeviceNames
{
    public const string UnknownDevice = "Unknown device";

    /// <summary>The longest description <see cref="Describe"/> returns; the column is sized to it.</summary>
    public const int MaxLength = 64;

    // Order matters: most browsers claim to be Safari and Chrome-based ones also say "Chrome/"; the specific tokens first.
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("MicroMessenger/", "WeChat"),
        ("AlipayClient/", "Alipay"),
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"),
        ("OPR/", "Opera"), ("OPT/", "Opera"), ("Opera/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("UCBrowser/", "UC Browser"),
        ("HuaweiBrowser/", "Huawei Browser"),
        ("QQBrowser/", "QQ Browser"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
        ("Chrome/", "Chrome"), ("CriOS/", "Chrome"), ("Chromium/", "Chrome"),
        ("Safari/", "Safari"),
    ];

    // HarmonyOS before Android (its older user agents also say Android), Android before Linux, iOS before macOS.
    private static readonly (string Token, string Name)[] Systems =
    [
        ("Windows", "Windows"),
        ("HarmonyOS", "HarmonyOS"), ("OpenHarmony", "HarmonyOS"),
        ("Android", "Android"),
        ("iPhone", "iOS"), ("iPad", "iOS"), ("iPod", "iOS"),
        ("CrOS", "ChromeOS"),
        ("Macintosh", "macOS"), ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];

    /// <summary><c>Chrome on Windows</c>, <c>Safari on iOS</c>; <c>Firefox</c> when the system is not named; <see cref="UnknownDevice"/>.</summary>
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return UnknownDevice;
        }
        var browser = Find(Browsers, userAgent);
        var system = Find(Systems, userAgent);
        return (browser, system) switch
        {
            (null, null) => UnknownDevice,
            (null, _) => $"Unknown browser on {system}",
            (_, null) => browser,
            _ => $"{browser} on {system}",
        };
    }

    private static string? Find((string Token, string Name)[] table, string userAgent)
    {
        foreach (var (token, name) in table)
        {
            if (userAgent.Contains(token, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }
        return null;
    }
}
