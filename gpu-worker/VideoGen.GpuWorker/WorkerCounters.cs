using VideoGen.Contracts.Gpu;

namespace VideoGen.GpuWorker;

/// <summary>
/// Running totals of one worker process (thread-safe), for health reporting, benchmarks and tests. Every count is
/// also recorded on <see cref="WorkerMetrics"/> for export.
/// </summary>
public sealed class WorkerCounters
{
    private long _framesRendered;
    private long _modelRuns;
    private long _jobsSucceeded;
    private long _jobsFailed;
    private long _messagesReleased;

    /// <summary>Frames produced by model runs (frames skipped thanks to a checkpoint are not counted).</summary>
    public long FramesRendered => Interlocked.Read(ref _framesRendered);

    /// <summary>Model runs (a batched run of several jobs counts once).</summary>
    public long ModelRuns => Interlocked.Read(ref _modelRuns);

    /// <summary>Jobs that posted a succeeded result.</summary>
    public long JobsSucceeded => Interlocked.Read(ref _jobsSucceeded);

    /// <summary>Jobs that posted a failed result.</summary>
    public long JobsFailed => Interlocked.Read(ref _jobsFailed);

    /// <summary>Messages made visible again because the worker stopped or hit a transient failure.</summary>
    public long MessagesReleased => Interlocked.Read(ref _messagesReleased);

    internal void AddRun(int frames, int jobs, double seconds, string model, string provider)
    {
        Interlocked.Increment(ref _modelRuns);
        Interlocked.Add(ref _framesRendered, frames);
        var modelTag = new KeyValuePair<string, object?>("model", model);
        var providerTag = new KeyValuePair<string, object?>("provider", provider);
        WorkerMetrics.FramesRendered.Add(frames, modelTag);
        WorkerMetrics.DeviceSeconds.Add(seconds, modelTag, providerTag);
        WorkerMetrics.RunDuration.Record(seconds, modelTag, providerTag, new KeyValuePair<string, object?>("jobs", jobs));
    }

    internal void Succeeded()
    {
        Interlocked.Increment(ref _jobsSucceeded);
        WorkerMetrics.Jobs.Add(1, new KeyValuePair<string, object?>("outcome", "succeeded"));
    }

    internal void Failed(bool poisoned)
    {
        Interlocked.Increment(ref _jobsFailed);
        WorkerMetrics.Jobs.Add(1, new KeyValuePair<string, object?>("outcome", poisoned ? "poisoned" : "failed"));
    }

    internal void Released()
    {
        Interlocked.Increment(ref _messagesReleased);
        WorkerMetrics.Jobs.Add(1, new KeyValuePair<string, object?>("outcome", "released"));
    }
}

/// <summary>
/// Told about each checkpoint a worker writes. Registered in DI (any number); use for progress reporting. Runs on the
/// worker's loop, so it must be quick.
/// </summary>
public interface IChunkProgressObserver
{
    /// <summary>The index of <paramref name="job"/> now records <paramref name="framesDone"/> frames.</summary>
    void OnCheckpoint(GpuJob job, int framesDone);
}
