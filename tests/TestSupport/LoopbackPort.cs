using System.Net;
using System.Net.Sockets;

namespace Jade.Testing;

public static class LoopbackPort
{
    /// <summary>
    /// A port on 127.0.0.1 that nothing listens on right now, for a server a test starts: the operating system picks it,
    /// so test projects running side by side do not collide.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
