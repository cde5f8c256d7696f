using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VideoGen.Pipeline.Tests.Integrations;

/// <summary>Collects every log line (message, state values and exception text) written through its loggers.</summary>
internal sealed class CapturingLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public string All => string.Join(Environment.NewLine, Lines);

    public ILogger<T> For<T>() => new Logger<T>(this);

    public ILogger CreateLogger(string categoryName) => new Logger<object>(this);

    public void Dispose()
    {
    }

    private sealed class Logger<T>(CapturingLogs sink) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            sink.Lines.Enqueue($"{logLevel} {typeof(T).Name}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
