using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Jade.Testing;

/// <summary>For tests that assert what is (not) logged. Keeps each entry's formatted message, its structured values (what an OTLP exporter would ship), scopes and exception.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => [.. _lines];

    public void Clear() => _lines.Clear();

    /// <summary>
    /// The lines where <paramref name="value"/> stands on its own, not inside a longer run of letters and digits: a
    /// six-digit PIN turns up inside a random trace id now and then, and that is not the PIN being logged.
    /// </summary>
    public IReadOnlyList<string> Mentioning(string value)
    {
        var standalone = new Regex($"(?<![0-9A-Za-z]){Regex.Escape(value)}(?![0-9A-Za-z])", RegexOptions.CultureInvariant);
        return [.. _lines.Where(l => standalone.IsMatch(l))];
    }

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Collector(string category, CollectingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var parts = new List<string> { $"{logLevel} {category}: {formatter(state, exception)}" };
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                parts.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            }
            owner._scopes.ForEachScope((scope, list) => list.Add($"scope={scope}"), parts);
            if (exception is not null)
            {
                parts.Add(exception.ToString());
            }
            owner._lines.Enqueue(string.Join(" | ", parts));
        }
    }
}
