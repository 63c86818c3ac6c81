using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Jade.Testing;

public static class LoopbackPort
{
    // Below the kernel's ephemeral range (32768–60999 on Debian). A port from that range, as a port-0 bind returns, can
    // be taken seconds later by any process's outgoing connection before the service meant for it binds: a fresh-clone
    // CI run lost the end-to-end stack that way ("address already in use"). Ports here are only ever taken on purpose.
    private const int First = 20_000;
    private const int Last = 24_999;

    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// A port on 127.0.0.1 that nothing listens on right now, for a server a test starts. Picked at random outside the
    /// ephemeral range so test projects running side by side rarely pick alike, never handed out twice in one process,
    /// and checked by binding it.
    /// </summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            if (!HandedOut.TryAdd(port, 0)) continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use by another process; try another.
            }
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }
}
