using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;
using VideoGen.Durable.Replay;

namespace VideoGen.Durable.Tests;

/// <summary>
/// The replay executor on recorded histories, without storage: what the code does on replay, what it logs,
/// and what it decides. A recorded history is a contract: code changes must keep replaying it.
/// </summary>
public sealed class ReplayExecutorTests
{
    private static readonly DateTime T0 = new(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Execute_RecordedHistory_ReplaysWithoutNewActionsAndLogsOnlyNewWork()
    {
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var executor = new OrchestrationExecutor(JsonDataConverter.Default, factory);
        ITaskOrchestrator orchestrator = Register().CreateOrchestrator("Greeter", EmptyServices.Instance)!;

        // Recorded: started, scheduled "Hello" #0 and it completed. New: nothing yet → code awaits #1.
        HistoryEvent[] past =
        [
            new OrchestratorStarted { Timestamp = T0 },
            new ExecutionStarted("Greeter", "exec1", "\"Tokyo\""),
            new TaskScheduled(0, "Hello", "\"Tokyo\""),
            new OrchestratorStarted { Timestamp = T0.AddSeconds(1) },
            new TaskCompleted(0, "\"Hello Tokyo\""),
        ];

        ExecutionOutcome replayed = executor.Execute("i1", orchestrator, past[..3], past[3..]);

        Assert.Equal(OrchestrationRuntimeStatus.Running, replayed.Status);
        TaskScheduled next = Assert.IsType<TaskScheduled>(Assert.Single(replayed.NewActions));
        Assert.Equal((1, "Hello", "\"Seattle\""), (next.TaskId, next.Name, next.Input));
        Assert.Equal(["asking for Seattle"], logs.Messages); // "asking for Tokyo" was replay: not logged again

        ExecutionOutcome finished = executor.Execute("i1", orchestrator, [.. past, next], [new OrchestratorStarted { Timestamp = T0.AddSeconds(2) }, new TaskCompleted(1, "\"Hello Seattle\"")]);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.Status);
        Assert.Equal("\"Hello Tokyo, Hello Seattle\"", finished.Output);
    }

    [Fact]
    public void Execute_CurrentUtcDateTime_IsTheRecordedEpisodeTime()
    {
        var executor = new OrchestrationExecutor(JsonDataConverter.Default, LoggerFactory.Create(_ => { }));
        var registry = new DurableTaskRegistry().AddOrchestratorFunc<object?, DateTime>("Clock", (ctx, _) => Task.FromResult(ctx.CurrentUtcDateTime));
        ExecutionOutcome outcome = executor.Execute("i2", registry.CreateOrchestrator("Clock", EmptyServices.Instance), [],
            [new OrchestratorStarted { Timestamp = T0 }, new ExecutionStarted("Clock", "e", null)]);
        Assert.Equal(T0, JsonDataConverter.Default.Deserialize<DateTime>(outcome.Output));
    }

    private static DurableTaskRegistry Register() => new DurableTaskRegistry()
        .AddOrchestratorFunc<string, string>("Greeter", async (ctx, city) =>
        {
            ILogger log = ctx.CreateReplaySafeLogger("Greeter");
            log.LogInformation("asking for {City}", city);
            string first = await ctx.CallActivityAsync<string>("Hello", city);
            log.LogInformation("asking for {City}", "Seattle");
            string second = await ctx.CallActivityAsync<string>("Hello", "Seattle");
            return $"{first}, {second}";
        });

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(Messages);

        public void Dispose() { }

        private sealed class ListLogger(List<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => messages.Add(formatter(state, exception));
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
