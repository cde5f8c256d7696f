using VideoGen.Contracts.Gpu;
using VideoGen.GpuWorker.Queues;
using VideoGen.GpuWorker.Rendering;
using VideoGen.Inference;

namespace VideoGen.GpuWorker.Jobs;

/// <summary>A job being rendered: its message, model, inputs and the segments written so far.</summary>
internal sealed class ActiveJob(LeasedMessage lease, GpuJob job, ModelSession session, MotionInputs inputs, string specSha256, IReadOnlyList<GpuChunkSegment> segments)
{
    private readonly List<GpuChunkSegment> _segments = [.. segments];

    public LeasedMessage Lease { get; } = lease;

    public GpuJob Job { get; } = job;

    public ModelSession Session { get; } = session;

    public int FramesDone => _segments.Sum(s => s.FrameCount);

    public bool Done => FramesDone >= Job.Chunk.FrameCount;

    public double DeviceSeconds { get; set; }

    public IReadOnlyList<GpuChunkSegment> Segments => _segments;

    /// <summary>The next segment's frame range: up to <paramref name="checkpointFrames"/> frames from <see cref="FramesDone"/>.</summary>
    public (int First, int Count) NextRange(int checkpointFrames)
    {
        var first = FramesDone;
        return (first, Math.Min(checkpointFrames, Job.Chunk.FrameCount - first));
    }

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
