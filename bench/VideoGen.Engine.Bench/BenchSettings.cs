using System.Globalization;
using VideoGen.DurableHost;

namespace VideoGen.Engine.Bench;

/// <summary>Sizes of one run; <c>--quick</c> shrinks them; <c>--only</c>, <c>--config</c> and <c>--fanouts</c> change what runs.</summary>
internal sealed record BenchSettings
{
    public bool Quick { get; init; }
    public int BaselineRounds { get; init; } = 50;
    public int WarmupHops { get; init; } = 10;
    public int Hops { get; init; } = 50;

    /// <summary>Instances of <see cref="Hops"/> sequential hops, each after its own raw queue round trips; samples pooled.</summary>
    public int HopRounds { get; init; } = 3;
    public int FanOut { get; init; } = 200;

    /// <summary>Fan-outs of the app's settings (and of every variant of them): the stall count is over these.</summary>
    public int FanOuts { get; init; } = 20;

    /// <summary>Fan-outs with DTFx defaults (slower: fewer).</summary>
    public int DefaultFanOuts { get; init; } = 5;

    /// <summary>A fan-out still running after this is stopped and counted as a stall.</summary>
    public TimeSpan FanOutBudget { get; init; } = TimeSpan.FromSeconds(90);

    public int IdleReps { get; init; } = 7;

    /// <summary>Idle time before each idle start: long enough for polling to back off to a 1 s ceiling.</summary>
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The window over which idle requests are counted, after the host has settled (its back-off at its ceiling).</summary>
    public TimeSpan IdleMeasure { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Settling time before the idle window with DTFx defaults: their back-off climbs to 30 s in about a minute.</summary>
    public TimeSpan DefaultsIdleSettle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Idle window with DTFx defaults (covers two of their 30 s polls of each queue).</summary>
    public TimeSpan DefaultsIdleMeasure { get; init; } = TimeSpan.FromSeconds(60);

    public int DefaultsIdleReps { get; init; } = 2;

    /// <summary>
    /// <c>--azurite-gc-check N</c>: instead of the engine, send, receive and delete N messages on a bare Azurite, then
    /// watch it for 75 s (its queue GC runs every 60 s) and report how long it stopped answering.
    /// </summary>
    public int GcCheckMessages { get; init; }

    /// <summary><c>--azurite-memory</c>: the in-memory Azurite the tests use, instead of the file store on a RAM disk (see <see cref="BenchAzurite"/>).</summary>
    public bool InMemoryAzurite { get; init; }

    /// <summary>Which configurations run (null: all of <see cref="EngineConfig.Standard"/> plus <see cref="Extra"/>).</summary>
    public IReadOnlyList<string>? Only { get; init; }

    /// <summary>Extra configurations: the app's settings with some changed (<c>--config name:Key=Value,...</c>).</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<(string Key, string Value)> Changes)> Extra { get; init; } = [];

    public static BenchSettings QuickRun { get; } = new()
    {
        Quick = true,
        BaselineRounds = 20,
        FanOuts = 10,
        DefaultFanOuts = 2,
        IdleReps = 3,
        IdleWait = TimeSpan.FromSeconds(4),
        IdleMeasure = TimeSpan.FromSeconds(12),
        DefaultsIdleSettle = TimeSpan.FromSeconds(40),
        DefaultsIdleMeasure = TimeSpan.FromSeconds(30),
        DefaultsIdleReps = 1,
    };

    public const string Usage = """
        usage: dotnet run -c Release --project bench/VideoGen.Engine.Bench [-- --quick] [--fanouts N] [--only a,b] [--config name:Key=Value,...]

        Starts a private Azurite, measures the raw storage floor, then runs the DTFx engine (src/VideoGen.DurableHost) in
        several configurations, one host each on a fresh hub, after an unreported warm-up host: `app` (host.json's
        durableTask settings and the local-only defaults, as the local host runs), `untuned` (app with DTFx's own single
        activity fetch loop: before the tuning), `defaults` (new DurableHostOptions(): DTFx's defaults, 30 s max poll, one fetch loop each), `tablepm` (app
        with useTablePartitionManagement=true).
        Prints `figure <name> <value> <unit>` and `requests <config> <kind> <count>` lines on standard output; progress on
        standard error.
          --quick         smaller run: 10 fan-outs per configuration (2 with defaults), 3 idle starts (1), shorter idle windows
          --fanouts N     fan-outs per configuration (defaults: N/4)
          --only a,b      run only these configurations (app, untuned, defaults, tablepm, or --config names)
          --azurite-memory  Azurite with --inMemoryPersistence, as the tests run it (default: its file store on /dev/shm;
                          the in-memory store stops answering for tens of seconds at each 60 s queue GC under load)
          --azurite-gc-check N   diagnostic: N messages through a bare Azurite queue, then watch Azurite for 75 s
          --config name:Key=Value,...   one more configuration: the app's settings with DurableHostOptions properties
                          changed, e.g. --config d8:ActivityDispatcherCount=8,MaxConcurrentActivities=32
        Exit code 0 when every scenario completed, 1 when one failed or ran out of time, 2 on bad arguments.
        """;

    /// <summary>The settings for <paramref name="args"/>, or null when they are not understood.</summary>
    public static BenchSettings? Parse(string[] args)
    {
        BenchSettings s = args.Contains("--quick") ? QuickRun : new BenchSettings();
        var extra = new List<(string, IReadOnlyList<(string, string)>)>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--fanouts" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int n) && n > 0:
                    s = s with { FanOuts = n, DefaultFanOuts = Math.Max(1, n / 4) };
                    i++;
                    break;
                case "--azurite-gc-check" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int m) && m > 0:
                    s = s with { GcCheckMessages = m };
                    i++;
                    break;
                case "--azurite-memory":
                    s = s with { InMemoryAzurite = true };
                    break;
                case "--only" when i + 1 < args.Length:
                    s = s with { Only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                case "--config" when i + 1 < args.Length && args[i + 1].Split(':', 2) is [{ Length: > 0 } name, var changes]:
                    var pairs = changes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => c.Split('=', 2)).ToList();
                    if (pairs.Any(p => p.Length != 2 || typeof(DurableHostOptions).GetProperty(p[0]) is null))
                    {
                        return null;
                    }

                    extra.Add((name, pairs.Select(p => (p[0], p[1])).ToList()));
                    i++;
                    break;
                default:
                    return null;
            }
        }

        return s with { Extra = extra };
    }
}
