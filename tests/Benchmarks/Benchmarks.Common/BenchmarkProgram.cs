namespace Jade.Benchmarks;

/// <summary>
/// The entry point every benchmark shares: <c>--help</c>, option errors (exit 2), the working directory the hosted
/// service needs, Ctrl-C that lets the run unwind (so its databases, vhosts and child processes are cleaned up), and
/// the markdown report on stdout (exit 1 when a part failed).
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> RunAsync<TOptions>(
        string[] args, string usage, Func<string[], TOptions> parse, Func<TOptions, CancellationToken, Task<(string Markdown, bool Succeeded)>> run)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(usage);
            return 0;
        }

        TOptions options;
        try
        {
            options = parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        // WebApplicationFactory finds the service's content root via MvcTestingAppManifest.json in the current
        // directory; `dotnet run` leaves that at the repository root.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var (markdown, succeeded) = await run(options, cancel.Token);
        Console.WriteLine(markdown);
        return succeeded ? 0 : 1;
    }
}
