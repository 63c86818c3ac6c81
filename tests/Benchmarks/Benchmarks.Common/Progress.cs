using System.Diagnostics;

namespace Jade.Benchmarks;

/// <summary>Progress goes to stderr, so stdout holds only the report and can be pasted as is.</summary>
public static class Progress
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Log(string message) => Console.Error.WriteLine($"[{Clock.Elapsed:mm\\:ss}] {message}");
}
