using Microsoft.Extensions.Logging;

namespace VideoGen.Workflow.Tests;

/// <summary>
/// Writes the host's warnings and errors to the running test's output (<see cref="Output"/>, set by each test
/// class's constructor; the tests of a class run one at a time), so a failing test shows what the engine said.
/// </summary>
public sealed class TestOutputLoggerProvider : ILoggerProvider
{
    /// <summary>The running test's output, or null.</summary>
    public ITestOutputHelper? Output { get; set; }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(TestOutputLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || provider.Output is not { } output)
            {
                return;
            }

            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
            }
            catch (InvalidOperationException)
            {
                // that test has finished; its output is closed
            }
        }
    }
}
