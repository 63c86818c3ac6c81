using System.Diagnostics;

namespace Jade.Deploy.Tests.Observability;

/// <summary>
/// A command-line tool the checks run (promtool, prometheus, bash, pg_dump): found on PATH, or the test fails naming
/// the Debian package that provides it — deploy/test.sh installs them.
/// </summary>
internal static class Tool
{
    public static string Find(string name, string debianPackage) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists)
        ?? throw new AssertionException($"{name} is missing: install Debian's {debianPackage} package (apt-get install -y {debianPackage}); deploy/test.sh does.");

    public static async Task<ToolRun> RunAsync(
        string file, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }
        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record ToolRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{Output}{Environment.NewLine}{Errors}";
}
