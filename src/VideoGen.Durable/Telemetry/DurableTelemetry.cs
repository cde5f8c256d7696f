using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VideoGen.Durable.Telemetry;

/// <summary>
/// The engine's OpenTelemetry sources. Subscribe with <c>AddSource(DurableTelemetry.SourceName)</c> and
/// <c>AddMeter(DurableTelemetry.SourceName)</c>. Trace context travels inside every message
/// (<c>traceParent</c>), so one trace spans client → episode → activity → episode.
/// </summary>
public static class DurableTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string SourceName = "VideoGen.Durable";

    internal static readonly ActivitySource Source = new(SourceName, "1.0.0");
    internal static readonly Meter Meter = new(SourceName, "1.0.0");

    internal static readonly Counter<long> Episodes = Meter.CreateCounter<long>("durable.episodes", description: "Orchestration episodes committed");
    internal static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("durable.episode.conflicts", description: "Episodes that lost an ETag race and were re-run");
    internal static readonly Counter<long> ActivitiesRun = Meter.CreateCounter<long>("durable.activities", description: "Activity executions");
    internal static readonly Counter<long> Poisoned = Meter.CreateCounter<long>("durable.poison_messages", description: "Messages moved to the poison queue");
    internal static readonly Histogram<double> EpisodeMs = Meter.CreateHistogram<double>("durable.episode.duration", "ms", "Wall time of one episode (load, replay, commit, dispatch)");

    internal static Activity? StartEpisode(string name, string instanceId, string? traceParent)
    {
        Activity? activity = Source.StartActivity($"orchestration {name}", ActivityKind.Consumer, ParentOf(traceParent));
        activity?.SetTag("durable.instance_id", instanceId);
        activity?.SetTag("durable.orchestrator", name);
        return activity;
    }

    internal static Activity? StartActivity(string name, string instanceId, int taskId, string? traceParent)
    {
        Activity? activity = Source.StartActivity($"activity {name}", ActivityKind.Consumer, ParentOf(traceParent));
        activity?.SetTag("durable.instance_id", instanceId);
        activity?.SetTag("durable.activity", name);
        activity?.SetTag("durable.task_id", taskId);
        return activity;
    }

    private static ActivityContext ParentOf(string? traceParent)
        => traceParent is not null && ActivityContext.TryParse(traceParent, null, out ActivityContext parent) ? parent : default;
}
