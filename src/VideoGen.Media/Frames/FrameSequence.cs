namespace VideoGen.Media;

/// <summary>
/// An in-memory run of RGB24 frames: each frame is <c>Width * Height * 3</c> bytes, row-major, R then G then B.
/// </summary>
public sealed class FrameSequence
{
    /// <summary>Creates a sequence and checks every frame has the size the dimensions imply.</summary>
    /// <exception cref="ArgumentException">A dimension, the frame rate or a frame's length is invalid.</exception>
    public FrameSequence(int width, int height, double fps, IReadOnlyList<byte[]> frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(frames);
        if (!(fps > 0) || double.IsInfinity(fps))
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "Frame rate must be a positive finite number.");
        }

        int frameSize = checked(width * height * 3);
        for (int i = 0; i < frames.Count; i++)
        {
            if (frames[i] is null || frames[i].Length != frameSize)
            {
                throw new ArgumentException(
                    $"Frame {i} has {frames[i]?.Length ?? 0} bytes; a {width}x{height} RGB24 frame has {frameSize}.",
                    nameof(frames));
            }
        }

        Width = width;
        Height = height;
        Fps = fps;
        Frames = frames;
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames per second.</summary>
    public double Fps { get; }

    /// <summary>The frames, each <see cref="FrameSize"/> bytes of RGB24.</summary>
    public IReadOnlyList<byte[]> Frames { get; }

    /// <summary>Number of frames.</summary>
    public int Count => Frames.Count;

    /// <summary>Bytes per frame (<c>Width * Height * 3</c>).</summary>
    public int FrameSize => Width * Height * 3;

    /// <summary>Playing time of the frames at <see cref="Fps"/>.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Count / Fps);

    /// <summary>A new sequence with the same size and rate and other frames.</summary>
    public FrameSequence WithFrames(IReadOnlyList<byte[]> frames) => new(Width, Height, Fps, frames);

    /// <summary>The same frames as a <see cref="FrameStream"/> (not copied).</summary>
    public FrameStream AsStream() => new(Width, Height, Fps, Count, Frames.Select(f => (ReadOnlyMemory<byte>)f));

    /// <summary>Throws unless <paramref name="other"/> has the same size and frame rate.</summary>
    /// <exception cref="ArgumentException">Size or rate differ.</exception>
    public void EnsureCompatible(FrameSequence other, string paramName)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Width != Width || other.Height != Height || Math.Abs(other.Fps - Fps) > 1e-6)
        {
            throw new ArgumentException(
                $"Sequence is {other.Width}x{other.Height}@{other.Fps}; expected {Width}x{Height}@{Fps}.", paramName);
        }
    }
}
