using System.Diagnostics.Metrics;
using VideoGen.Pipeline.Telemetry;

namespace VideoGen.Pipeline.Tests.Telemetry;

public sealed class PipelineMetricsTests
{
    [Fact]
    public void RecordRun_PublishesTimeToPreviewCostAndDeviceSecondsByTier_OnThePipelineMeter()
    {
        var seen = new List<(string Name, double Value, string? Tier)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PipelineMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            string? tier = null;
            string? tenant = null;
            foreach (KeyValuePair<string, object?> t in tags)
            {
                if (t.Key == "tier") { tier = (string?)t.Value; }
                if (t.Key == "tenant") { tenant = (string?)t.Value; }
            }

            if (tenant == "metrics-tenant")
            {
                lock (seen) { seen.Add((instrument.Name, value, tier)); }
            }
        });
        listener.Start();

        PipelineMetrics.RecordRun("metrics-tenant", 8.5, 0.0002, [("interactive", 1.5), ("batch", 2.5)]);

        Assert.Contains(("videogen.run.time_to_preview", 8.5, (string?)null), seen);
        Assert.Contains(("videogen.run.cost_per_rendered_second", 0.0002, (string?)null), seen);
        Assert.Contains(("videogen.gpu.device_seconds", 1.5, "interactive"), seen);
        Assert.Contains(("videogen.gpu.device_seconds", 2.5, "batch"), seen);
    }
}
