using System.Diagnostics.Metrics;

namespace VideoGen.Pipeline.Telemetry;

/// <summary>
/// The run-level instruments on the <c>VideoGen.Pipeline</c> meter (exported with the rest of the app's telemetry):
/// time to preview, cost per rendered second, GPU device-seconds by tier (utilisation is device-seconds over wall
/// time), review load, published runs. Recorded by activities, never by orchestrator code (which replays).
/// </summary>
public static class PipelineMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "VideoGen.Pipeline";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Seconds from upload to the first preview, per run.</summary>
    public static readonly Histogram<double> TimeToPreview = Meter.CreateHistogram<double>("videogen.run.time_to_preview", "s", "Upload to first preview");

    /// <summary>Cost per rendered second of each published run, in the ledger's currency.</summary>
    public static readonly Histogram<double> CostPerRenderedSecond = Meter.CreateHistogram<double>("videogen.run.cost_per_rendered_second", "{currency}/s", "Ledger cost over published seconds");

    /// <summary>GPU (device) seconds charged, by tier.</summary>
    public static readonly Counter<double> DeviceSeconds = Meter.CreateCounter<double>("videogen.gpu.device_seconds", "s", "Execution-provider seconds of chunk jobs");

    /// <summary>Review requests sent (one per approver and round).</summary>
    public static readonly Counter<long> ReviewsRequested = Meter.CreateCounter<long>("videogen.reviews.requested", "{request}", "Review links sent");

    /// <summary>Review decisions received, by decision.</summary>
    public static readonly Counter<long> ReviewsDecided = Meter.CreateCounter<long>("videogen.reviews.decided", "{decision}", "Review decisions redeemed");

    /// <summary>Runs published.</summary>
    public static readonly Counter<long> RunsPublished = Meter.CreateCounter<long>("videogen.runs.published", "{run}", "Runs published");

    /// <summary>Records a published run's figures (called once per run by the cost activity; a retry records again).</summary>
    public static void RecordRun(string tenant, double? timeToPreviewSeconds, double costPerRenderedSecond, IEnumerable<(string Tier, double Seconds)> deviceSeconds)
    {
        ArgumentNullException.ThrowIfNull(deviceSeconds);
        var tag = new KeyValuePair<string, object?>("tenant", tenant);
        if (timeToPreviewSeconds is { } t)
        {
            TimeToPreview.Record(t, tag);
        }

        CostPerRenderedSecond.Record(costPerRenderedSecond, tag);
        foreach ((string tier, double seconds) in deviceSeconds)
        {
            DeviceSeconds.Add(seconds, tag, new KeyValuePair<string, object?>("tier", tier));
        }
    }
}
