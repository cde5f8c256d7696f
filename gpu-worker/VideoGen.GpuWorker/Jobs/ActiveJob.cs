using VideoGen.Contracts.Gpu;
using VideoGen.GpuWorker.Queues;
using VideoGen.GpuWorker.Rendering;
using VideoGen.Inference;

namespace VideoGen.GpuWorker.Jobs;

/// <summary>
/// A job being rendered: its message, model, inputs, the frames handed to the model so far and the segments written
/// so far. Frames are scheduled by the render loop and written by the job's write chain (<see cref="Tail"/>), one
/// write at a time and in order, so the index never lists a segment before the ones it follows.
/// </summary>
internal sealed class ActiveJob(LeasedMessage lease, GpuJob job, ModelSession session, MotionInputs inputs, string specSha256, IReadOnlyList<GpuChunkSegment> segments)
{
    private readonly List<GpuChunkSegment> _segments = [.. segments];
    private int _framesScheduled = segments.Sum(s => s.FrameCount);
    private int _failed;

    public LeasedMessage Lease { get; } = lease;

    public GpuJob Job { get; } = job;

    public ModelSession Session { get; } = session;

    public int FramesDone => _segments.Sum(s => s.FrameCount);

    /// <summary>Every frame is written and listed in the index.</summary>
    public bool Done => FramesDone >= Job.Chunk.FrameCount;

    /// <summary>Every frame has been rendered (some may still be on their way to storage).</summary>
    public bool AllScheduled => _framesScheduled >= Job.Chunk.FrameCount;

    /// <summary>The last write of this job's chain; the next checkpoint waits for it.</summary>
    public Task Tail { get; set; } = Task.CompletedTask;

    /// <summary>True once the job was given up in this attempt (its message released for a later try).</summary>
    public bool Failed => Volatile.Read(ref _failed) == 1;

    public double DeviceSeconds { get; set; }

    public IReadOnlyList<GpuChunkSegment> Segments => _segments;

    /// <summary>The next segment's frame range: up to <paramref name="checkpointFrames"/> frames after those already rendered.</summary>
    public (int First, int Count) NextRange(int checkpointFrames)
    {
        var first = _framesScheduled;
        return (first, Math.Min(checkpointFrames, Job.Chunk.FrameCount - first));
    }

    /// <summary>Records that the frames of <paramref name="range"/> were rendered (their write is queued).</summary>
    public void Schedule((int First, int Count) range)
    {
        if (range.First != _framesScheduled)
        {
            throw new InvalidOperationException($"Job {Job.JobId}: range starting at {range.First} does not follow frame {_framesScheduled}.");
        }
        _framesScheduled += range.Count;
    }

    /// <summary>Marks the job failed for this attempt; true only for the first caller, who settles the message.</summary>
    public bool TryFail() => Interlocked.Exchange(ref _failed, 1) == 0;

    public IReadOnlyDictionary<string, ModelTensor> Request((int First, int Count) range) => inputs.For(range.First, range.Count);

    public void Add(GpuChunkSegment segment) => _segments.Add(segment);

    public GpuChunkIndex Index() => CreateIndex(Job, specSha256, _segments);

    public static GpuChunkIndex CreateIndex(GpuJob job, string specSha256, IReadOnlyList<GpuChunkSegment> segments)
    {
        var done = segments.Sum(s => s.FrameCount);
        return new GpuChunkIndex(GpuOutputLayout.Rgb24, specSha256, job.Model, job.Chunk.Width, job.Chunk.Height, job.Chunk.Fps,
            job.Chunk.FirstFrameIndex, job.Chunk.FrameCount, done, done == job.Chunk.FrameCount, [.. segments]);
    }

    /// <summary>Why <paramref name="index"/> cannot be resumed by <paramref name="job"/>, or null when it can.</summary>
    public static string? Mismatch(GpuChunkIndex index, GpuJob job, string specSha256)
    {
        if (index.Format != GpuOutputLayout.Rgb24)
        {
            return $"format '{index.Format}'";
        }
        if (index.SpecSha256 != specSha256)
        {
            return "it was written for a different model, chunk spec or inputs";
        }
        if (index.FrameCount != job.Chunk.FrameCount || index.Width != job.Chunk.Width || index.Height != job.Chunk.Height)
        {
            return "frame count or size differs";
        }
        var expected = 0;
        var frameBytes = GpuOutputLayout.FrameBytes(job.Chunk.Width, job.Chunk.Height);
        foreach (var segment in index.Segments)
        {
            if (segment.FirstFrame != expected || segment.FrameCount < 1 || segment.Bytes != segment.FrameCount * frameBytes
                || segment.Blob != GpuOutputLayout.SegmentBlob(job.OutputPrefix, segment.FirstFrame))
            {
                return $"segment '{segment.Blob}' does not continue the chunk";
            }
            expected += segment.FrameCount;
        }
        return expected == index.FramesDone && expected <= job.Chunk.FrameCount ? null : "its frame counts do not add up";
    }
}
