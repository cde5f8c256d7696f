using System.Globalization;
using System.Reflection;
using VideoGen.DurableHost;
using VideoGen.Testing;

namespace VideoGen.Engine.Bench;

/// <summary>One engine configuration the bench runs: its name (the figures' prefix; none for <c>app</c>) and its settings.</summary>
internal sealed record EngineConfig(string Name, DurableHostOptions Options, bool IsDefaults = false)
{
    /// <summary>Figure-name prefix: nothing for the app's settings, <c>name_</c> otherwise.</summary>
    public string Prefix => Name == App ? "" : $"{Name}_";

    public const string App = "app";
    public const string Untuned = "untuned";
    public const string Defaults = "defaults";
    public const string TablePartitions = "tablepm";

    /// <summary>The host.json the function app ships (the repository root's).</summary>
    public static string HostJsonPath => Path.Combine(RepoRoot.Path, "host.json");

    /// <summary>The app's settings: host.json's durableTask section, local-only settings at their defaults (as the local host runs).</summary>
    public static DurableHostOptions AppOptions() => DurableHostOptions.FromHostJson(HostJsonPath);

    /// <summary>The configurations in the order they run.</summary>
    public static IEnumerable<EngineConfig> Standard(BenchSettings settings)
    {
        yield return new EngineConfig(App, AppOptions());

        // Before the tuning: DTFx's own one activity and one orchestration fetch loop (DispatcherTuningService reports
        // the provider's counts unchanged).
        DurableHostOptions untuned = AppOptions();
        untuned.ActivityDispatcherCount = 1;
        untuned.OrchestrationDispatcherCount = 1;
        yield return new EngineConfig(Untuned, untuned);

        foreach ((string name, IReadOnlyList<(string Key, string Value)> changes) in settings.Extra)
        {
            DurableHostOptions o = AppOptions();
            foreach ((string key, string value) in changes)
            {
                Set(o, key, value);
            }

            yield return new EngineConfig(name, o);
        }

        // DurableHostOptions' own defaults (Durable Functions' and DTFx's: 30 s max poll, no extended sessions, ...) and
        // DTFx's own one activity and one orchestration fetch loop.
        DurableHostOptions defaults = new() { ActivityDispatcherCount = 1, OrchestrationDispatcherCount = 1 };
        yield return new EngineConfig(Defaults, defaults, IsDefaults: true);

        DurableHostOptions table = AppOptions();
        table.UseTablePartitionManagement = true;
        yield return new EngineConfig(TablePartitions, table);
    }

    /// <summary>The settings that matter here, on one line.</summary>
    public string Describe() =>
        $"partitions {Options.PartitionCount}, max poll {Options.MaxQueuePollingInterval.TotalSeconds:0.###} s, control batch {Options.ControlQueueBatchSize}, " +
        $"extended sessions {(Options.ExtendedSessionsEnabled ? $"on ({Options.ExtendedSessionIdleTimeout.TotalSeconds:0} s)" : "off")}, " +
        $"activities {Options.MaxConcurrentActivities} / orchestrations {Options.MaxConcurrentOrchestrations} at once, " +
        $"table partition management {(Options.UseTablePartitionManagement ? "on" : "off")}, " +
        $"dispatchers: {Options.ActivityDispatcherCount} activity, {Options.OrchestrationDispatcherCount} orchestration";

    private static void Set(DurableHostOptions o, string key, string value)
    {
        PropertyInfo p = typeof(DurableHostOptions).GetProperty(key) ?? throw new ArgumentException($"No setting {key}.");
        object parsed = p.PropertyType switch
        {
            Type t when t == typeof(int) => int.Parse(value, CultureInfo.InvariantCulture),
            Type t when t == typeof(bool) => bool.Parse(value),
            Type t when t == typeof(TimeSpan) => TimeSpan.Parse(value, CultureInfo.InvariantCulture),
            _ => value,
        };
        p.SetValue(o, parsed);
    }
}
