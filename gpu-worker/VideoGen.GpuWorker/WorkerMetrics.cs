using System.Diagnostics.Metrics;

namespace VideoGen.GpuWorker;

/// <summary>
/// The worker's instruments on the <c>VideoGen.GpuWorker</c> meter, recorded beside <see cref="WorkerCounters"/> and
/// exported by the worker's OpenTelemetry setup (Azure Monitor / OTLP). GPU utilisation is the rate of
/// <c>videogen.gpu_worker.device_seconds</c> per replica (1.0 = the device never waited).
/// </summary>
public static class WorkerMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "VideoGen.GpuWorker";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Frames produced by model runs, by model (frames restored from a checkpoint are not counted).</summary>
    public static readonly Counter<long> FramesRendered =
        Meter.CreateCounter<long>("videogen.gpu_worker.frames_rendered", "{frame}", "Frames produced by model runs");

    /// <summary>Seconds spent inside model runs, by model and execution provider; its rate is the device's utilisation.</summary>
    public static readonly Counter<double> DeviceSeconds =
        Meter.CreateCounter<double>("videogen.gpu_worker.device_seconds", "s", "Time inside model runs");

    /// <summary>Wall time of one model run (one ONNX Runtime call, batched or not), with the jobs it served.</summary>
    public static readonly Histogram<double> RunDuration =
        Meter.CreateHistogram<double>("videogen.gpu_worker.run.duration", "s", "Wall time of one model run");

    /// <summary>Messages settled, by outcome: <c>succeeded</c>, <c>failed</c>, <c>poisoned</c>, <c>released</c>.</summary>
    public static readonly Counter<long> Jobs =
        Meter.CreateCounter<long>("videogen.gpu_worker.jobs", "{job}", "Job messages settled, by outcome");

    /// <summary>1 once start-up reached storage (queues created, blob service answered), 0 while waiting or after it gave up.</summary>
    public static readonly Gauge<int> StorageReady =
        Meter.CreateGauge<int>("videogen.gpu_worker.storage_ready", null, "Whether the worker has reached its storage (0 or 1)");
}
