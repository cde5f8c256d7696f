using Microsoft.Extensions.Logging;

namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>Writes log lines to the current test's output, so a failing test shows what the engine complained about.</summary>
internal sealed class XunitLoggerProvider(ITestOutputHelper output, string hostName, Func<bool>? enabled = null) : ILoggerProvider
{
    private string HostName { get; } = hostName;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        if (enabled is not null && !enabled())
        {
            return;
        }

        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // Logged after the test finished (a background poller of a host still stopping): drop it.
        }
    }

    private sealed class Logger(XunitLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string shortCategory = category[(category.LastIndexOf('.') + 1)..];
            string line = $"{DateTime.UtcNow:HH:mm:ss.fff} [{provider.HostName}] {logLevel} {shortCategory}: {formatter(state, exception)}";
            if (exception is not null)
            {
                line += $" | {exception.GetType().Name}: {exception.Message}";
            }

            provider.Write(line);
        }
    }
}
