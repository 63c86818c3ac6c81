namespace Jade.Contracts.Identity;

/// <summary>
/// Identity ended one of a customer's signed-in sessions from its side, not the customer signing out of it there. v1.
/// <paramref name="SessionId"/> is identity's id for the session (the authorization its tokens were issued under, the
/// <c>sid</c> of a back-channel logout); <paramref name="ClientId"/> the application that holds it;
/// <paramref name="Reason"/> one of <see cref="SessionEndReasons"/>.
/// </summary>
public sealed record SessionEnded(Guid UserId, string SessionId, string ClientId, string Reason, DateTimeOffset EndedAt);

public static class SessionEndReasons
{
    public const string PasswordChanged = "password_changed";
    public const string SignedOutElsewhere = "signed_out_elsewhere";
    public const string SupportReset = "support_reset";
}
