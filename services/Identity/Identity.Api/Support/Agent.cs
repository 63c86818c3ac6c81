using Jade.ServiceDefaults;

namespace Jade.Identity.Support;

/// <summary>
/// Who acts on a reset request: the support agent from their access token (subject and e-mail; the support policy
/// already checked the role), or the customer cancelling one.
/// </summary>
public sealed record Agent(Guid Id, string Email)
{
    public static Agent Of(HttpContext http) => new(
        Guid.Parse(ScopePolicies.Subject(http.User) ?? throw new InvalidOperationException("A support token always names its user.")),
        http.User.FindFirst("email")?.Value ?? "");
}
