namespace VideoGen.Media;

/// <summary>
/// One generated chunk of a clip. Its first <see cref="OverlapFrames"/> frames show the same moments as the previous
/// chunk's last <see cref="OverlapFrames"/> frames (temporal windowing); the first chunk has no overlap.
/// </summary>
public sealed record FrameChunk
{
    /// <summary>Creates a chunk.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index or overlap is negative, or the overlap exceeds the frames.</exception>
    public FrameChunk(int index, int overlapFrames, FrameSequence frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(overlapFrames);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(overlapFrames, frames.Count);
        Index = index;
        OverlapFrames = overlapFrames;
        Frames = frames;
    }

    /// <summary>Zero-based position of the chunk in the clip.</summary>
    public int Index { get; }

    /// <summary>How many leading frames overlap the previous chunk.</summary>
    public int OverlapFrames { get; }

    /// <summary>The chunk's frames, overlap included.</summary>
    public FrameSequence Frames { get; }
}
