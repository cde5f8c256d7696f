using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

/// <summary>The worker's exported instruments (VideoGen.GpuWorker meter), read with a MeterListener as an exporter would.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MetricsTests(AzuriteFixture azurite) : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    [Fact]
    public async Task PollOnce_JobRenderedThenMalformedMessage_RecordsFramesDeviceSecondsAndOutcomes()
    {
        Listen();
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        await scope.SendAsync(TestData.Job(scope, "job-metrics"));
        Assert.Equal(1, await worker.Processor.PollOnceAsync(CancellationToken.None));
        await scope.Interactive.SendMessageAsync("{ not a job");
        Assert.Equal(1, await worker.Processor.PollOnceAsync(CancellationToken.None));
        _listener.RecordObservableInstruments();

        Assert.Equal(12, Sum("videogen.gpu_worker.frames_rendered"));
        Assert.Equal(3, _measurements.Count(m => m.Instrument == "videogen.gpu_worker.run.duration"));
        var deviceSeconds = Sum("videogen.gpu_worker.device_seconds");
        Assert.True(deviceSeconds > 0, $"device seconds {deviceSeconds}");
        Assert.Equal(deviceSeconds, Sum("videogen.gpu_worker.run.duration"), 9);
        Assert.All(_measurements.Where(m => m.Instrument == "videogen.gpu_worker.device_seconds"), m => Assert.Equal("Cpu", m.Tags["provider"]));
        Assert.Equal(1, Sum("videogen.gpu_worker.jobs", "succeeded"));
        Assert.Equal(1, Sum("videogen.gpu_worker.jobs", "poisoned"));
        Assert.Equal(0, Sum("videogen.gpu_worker.jobs", "released"));
    }

    public void Dispose() => _listener.Dispose();

    private void Listen()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WorkerMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            map[key] = tagValue;
        }
        _measurements.Enqueue((instrument.Name, value, map));
    }

    private double Sum(string instrument, string? outcome = null) =>
        _measurements.Where(m => m.Instrument == instrument && (outcome is null || Equals(m.Tags.GetValueOrDefault("outcome"), outcome))).Sum(m => m.Value);
}
