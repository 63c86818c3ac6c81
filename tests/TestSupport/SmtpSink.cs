using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Jade.Testing;

/// <summary>
/// A real SMTP server on a loopback port: Debian's aiosmtpd with its Mailbox handler, writing every message it accepts
/// to a maildir that tests read back with MimeKit. One per test fixture; disposing stops it and deletes the maildir.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _server;
    private readonly string _maildir;

    private SmtpSink(Process server, string maildir, int port)
    {
        _server = server;
        _maildir = maildir;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        // Maildir creates its cur/new/tmp folders only when the folder does not exist yet.
        var maildir = Path.Combine(Directory.CreateTempSubdirectory("jade-smtp-").FullName, "mail");
        var port = LoopbackPort.Free();
        // Debian's python3 (the one python3-aiosmtpd installs into), not whichever python3 is first on PATH.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        var server = Process.Start(start) ?? throw new InvalidOperationException("Could not start aiosmtpd (apt-get install python3-aiosmtpd).");
        var sink = new SmtpSink(server, maildir, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return sink;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                var error = server.HasExited ? await server.StandardError.ReadToEndAsync() : "not listening after 20 s";
                await sink.DisposeAsync();
                throw new InvalidOperationException($"aiosmtpd did not start: {error}");
            }
        }
    }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var received = Path.Combine(_maildir, "new");
        return !Directory.Exists(received) ? [] : [.. Directory.GetFiles(received).Select(f => MimeMessage.Load(f))];
    }

    /// <summary>
    /// The messages sent to <paramref name="address"/> (and matching <paramref name="match"/>), waiting up to
    /// <paramref name="timeout"/> for at least <paramref name="atLeast"/>.
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, Func<MimeMessage, bool>? match = null, int atLeast = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var mine = Messages()
                .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)) && (match?.Invoke(m) ?? true))
                .ToList();
            if (mine.Count >= atLeast || DateTime.UtcNow > deadline) return mine;
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server.Dispose();
        Directory.Delete(Path.GetDirectoryName(_maildir)!, recursive: true);
    }
}
