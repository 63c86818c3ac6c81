namespace Jade.Notifications.Preferences;

/// <summary>The groups a customer sets preferences for, and the channels each can reach.</summary>
public static class Categories
{
    public const string Account = "account";
    public const string Payments = "payments";
    /// <summary>Security alerts reach every channel whatever the customer chose: they exist to warn of a takeover.</summary>
    public const string Security = "security";

    public static readonly IReadOnlyList<string> All = [Account, Payments, Security];

    public static bool IsLocked(string category) => category == Security;

    public static ChannelChoice Default(string category) => category switch
    {
        Security => new(InApp: true, Email: true, Sms: true),
        _ => new(InApp: true, Email: true, Sms: false),
    };
}

public static class Channels
{
    public const string InApp = "inApp";
    public const string Email = "email";
    public const string Sms = "sms";
}

public sealed record ChannelChoice(bool InApp, bool Email, bool Sms)
{
    public bool Allows(string channel) => channel switch
    {
        Channels.InApp => InApp,
        Channels.Email => Email,
        Channels.Sms => Sms,
        _ => false,
    };
}
