namespace Jade.Identity.Devices;

/// <summary>The browser behind the current request: its device cookie value (sent or new), how it describes itself, where it is.</summary>
public sealed record DeviceSighting(string CookieValue, string Device, string MaskedIp)
{
    public byte[] Hash { get; } = DeviceCookie.Hash(CookieValue);

    /// <summary>Reads the request after the forwarded headers were applied, so the address is the client's, not the gateway's.</summary>
    public static DeviceSighting Of(HttpContext context) => new(
        DeviceCookie.ReadOrCreate(context.Request),
        DeviceNames.Describe(context.Request.Headers.UserAgent.ToString()),
        IpMasking.Mask(context.Connection.RemoteIpAddress));
}
