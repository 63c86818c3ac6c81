using Jade.Notifications.Inbox;
using Jade.ServiceDefaults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Jade.Notifications.Live;

/// <summary>
/// Live inbox updates for the signed-in customer. The browser reaches it through the gateway, which attaches the
/// session's access token exactly as for the REST calls, so no token is ever in the browser. Server-to-client only:
/// <c>notification</c> (a new <see cref="NotificationView"/>) and <c>unread</c> (<see cref="UnreadCount"/>).
/// </summary>
[Authorize(Policy = InboxEndpoints.ReadPolicy)]
public sealed class NotificationHub : Hub
{
    public const string Path = "/api/notifications/hub";
}

/// <summary>SignalR addresses a customer by the token's subject, the same id every table uses.</summary>
internal sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.Subject();
}

public sealed record UnreadCount(int Unread);
