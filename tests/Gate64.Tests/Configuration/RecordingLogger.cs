using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gate64.Tests.Configuration;

/// <summary>Keeps every log line, formatted, for assertions on what an operator would read.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => [.. _lines];

    public IReadOnlyList<string> Errors => [.. _lines.Where(line => line.Level == LogLevel.Error).Select(line => line.Message)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((logLevel, formatter(state, exception)));
}
