namespace VideoGen.Media;

/// <summary>
/// RGB24 frames of a known size, rate and count, produced one at a time as they are read (blended, composited) rather
/// than held in memory, so a consumer such as <see cref="VideoEncoder"/> can pass each on as soon as it is ready. Read
/// <see cref="Frames"/> once; a producer may reuse one buffer, so each frame is only valid until the next is asked for.
/// </summary>
public sealed class FrameStream
{
    /// <summary>Creates a stream over <paramref name="frames"/>, which must yield <paramref name="count"/> frames of <c>width * height * 3</c> bytes.</summary>
    /// <exception cref="ArgumentException">A dimension, the frame rate or the count is invalid.</exception>
    public FrameStream(int width, int height, double fps, int count, IEnumerable<ReadOnlyMemory<byte>> frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(frames);
        if (!(fps > 0) || double.IsInfinity(fps))
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "Frame rate must be a positive finite number.");
        }

        _ = checked(width * height * 3);
        Width = width;
        Height = height;
        Fps = fps;
        Count = count;
        Frames = frames;
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames per second.</summary>
    public double Fps { get; }

    /// <summary>Number of frames <see cref="Frames"/> yields.</summary>
    public int Count { get; }

    /// <summary>The frames, each <see cref="FrameSize"/> bytes of RGB24, valid until the next one is asked for.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Frames { get; }

    /// <summary>Bytes per frame (<c>Width * Height * 3</c>).</summary>
    public int FrameSize => Width * Height * 3;

    /// <summary>Playing time of the frames at <see cref="Fps"/>.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Count / Fps);

    /// <summary>Reads every frame into a <see cref="FrameSequence"/> (each one copied).</summary>
    /// <exception cref="InvalidOperationException">The producer yielded another number of frames than <see cref="Count"/>.</exception>
    public FrameSequence ToSequence()
    {
        var frames = new List<byte[]>(Count);
        foreach (ReadOnlyMemory<byte> frame in Frames)
        {
            frames.Add(frame.ToArray());
        }

        return frames.Count == Count
            ? new FrameSequence(Width, Height, Fps, frames)
            : throw new InvalidOperationException($"The stream yielded {frames.Count} frames; it announced {Count}.");
    }
}
