namespace VideoGen.Durable.Bench;

/// <summary>Sizes and time budgets of one benchmark run; <c>--quick</c> shrinks them.</summary>
internal sealed record BenchSettings
{
    public bool Quick { get; init; }
    public int BaselineRounds { get; init; } = 50;
    public int WarmupHops { get; init; } = 20;
    public int Hops { get; init; } = 200;
    public TimeSpan HopBudget { get; init; } = TimeSpan.FromSeconds(60);
    public int FanOut { get; init; } = 500;
    public TimeSpan FanOutBudget { get; init; } = TimeSpan.FromSeconds(45);
    public int Instances { get; init; } = 100;
    public int Steps { get; init; } = 5;
    public TimeSpan WorkItemsBudget { get; init; } = TimeSpan.FromSeconds(45);
    public int IdleReps { get; init; } = 7;
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Random extra idle time, up to the engine's default MaxPollingInterval (1 s).</summary>
    public TimeSpan IdleJitter { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan IdleBudget { get; init; } = TimeSpan.FromSeconds(15);

    public static BenchSettings Default { get; } = new();

    public static BenchSettings QuickRun { get; } = new()
    {
        Quick = true,
        BaselineRounds = 20,
        WarmupHops = 10,
        Hops = 60,
        HopBudget = TimeSpan.FromSeconds(30),
        FanOut = 200,
        FanOutBudget = TimeSpan.FromSeconds(30),
        Instances = 40,
        WorkItemsBudget = TimeSpan.FromSeconds(30),
        IdleReps = 3,
    };

    public const string Usage = """
        usage: dotnet run -c Release --project bench/VideoGen.Durable.Bench [-- --quick]

        Starts a private Azurite and an engine host (default settings, a fresh hub) and prints one line per
        figure on standard output, `figure <name> <value> <unit>`, plus `requests <method> <count>` lines that
        break down the storage calls of the sequential-hop run. Progress goes to standard error.
          --quick   smaller run (60 hops, 200-activity fan-out, 40 instances, 3 idle starts)
        Exit code 0 when every scenario completed, 1 when one failed or ran out of time, 2 on bad arguments.
        """;

    /// <summary>The settings for <paramref name="args"/>, or null when they are not understood.</summary>
    public static BenchSettings? Parse(string[] args) => args switch
    {
        [] => Default,
        ["--quick"] => QuickRun,
        _ => null,
    };
}
