using FFMpegCore;

namespace VideoGen.Media;

/// <summary>What an output file must be. Null members are not checked.</summary>
public sealed record MediaExpectation
{
    /// <summary>ffprobe codec name, e.g. <c>h264</c>, <c>png</c>, <c>mjpeg</c>.</summary>
    public required string Codec { get; init; }

    /// <summary>Frame width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Frame height in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Frames per second (checked to within 0.01).</summary>
    public double? Fps { get; init; }

    /// <summary>Container duration.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Allowed duration error; default one frame at <see cref="Fps"/>, or 50 ms without a rate.</summary>
    public TimeSpan? DurationTolerance { get; init; }
}

/// <summary>What ffprobe says an output file is.</summary>
/// <param name="Path">The file.</param>
/// <param name="Codec">ffprobe codec name of the primary video stream.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="Fps">Frame rate.</param>
/// <param name="Duration">Container duration.</param>
public sealed record MediaFacts(string Path, string Codec, int Width, int Height, double Fps, TimeSpan Duration);

/// <summary>An output file is not what it should be; <see cref="Problems"/> lists every mismatch.</summary>
public sealed class MediaVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MediaVerificationException(string path, IReadOnlyList<string> problems, Exception? innerException = null)
        : base($"Output {System.IO.Path.GetFileName(path)} failed verification: {string.Join("; ", problems)}.", innerException)
    {
        Path = path;
        Problems = problems;
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }

    /// <summary>One line per mismatch.</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>Checks output files with ffprobe.</summary>
public static class MediaVerifier
{
    /// <summary>Probes <paramref name="path"/> and throws unless it matches <paramref name="expected"/>.</summary>
    /// <exception cref="MediaVerificationException">The file is missing, unreadable or differs from the expectation.</exception>
    public static async Task<MediaFacts> VerifyAsync(string path, MediaExpectation expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return Verify(await ProbeAsync(path, cancellationToken).ConfigureAwait(false), expected);
    }

    /// <summary>
    /// Throws unless facts ffprobe reported (by <see cref="ProbeAsync"/>, or returned by the encoder) match
    /// <paramref name="expected"/>: the check of <see cref="VerifyAsync"/> without probing the file again.
    /// </summary>
    /// <exception cref="MediaVerificationException">The facts differ from the expectation.</exception>
    public static MediaFacts Verify(MediaFacts facts, MediaExpectation expected)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(expected);
        var problems = new List<string>();
        if (!string.Equals(facts.Codec, expected.Codec, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"codec is {facts.Codec}, expected {expected.Codec}");
        }

        if (facts.Width != expected.Width || facts.Height != expected.Height)
        {
            problems.Add($"size is {facts.Width}x{facts.Height}, expected {expected.Width}x{expected.Height}");
        }

        if (expected.Fps is double fps && Math.Abs(facts.Fps - fps) > 0.01)
        {
            problems.Add($"frame rate is {facts.Fps:0.###}, expected {fps:0.###}");
        }

        if (expected.Duration is TimeSpan duration)
        {
            TimeSpan tolerance = expected.DurationTolerance
                ?? (expected.Fps is double f ? TimeSpan.FromSeconds(1 / f) : TimeSpan.FromMilliseconds(50));
            if ((facts.Duration - duration).Duration() > tolerance)
            {
                problems.Add($"duration is {facts.Duration.TotalSeconds:0.###} s, expected {duration.TotalSeconds:0.###} s ± {tolerance.TotalSeconds:0.###} s");
            }
        }

        return problems.Count == 0 ? facts : throw new MediaVerificationException(facts.Path, problems);
    }

    /// <summary>Reads codec, size, rate and duration of the primary video stream.</summary>
    /// <exception cref="MediaVerificationException">The file is missing, unreadable or has no video stream.</exception>
    public static async Task<MediaFacts> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new MediaVerificationException(path, ["file does not exist"]);
        }

        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MediaVerificationException(path, [$"ffprobe cannot read it ({e.Message})"], e);
        }

        return Facts(analysis, path);
    }

    /// <summary>The facts <see cref="ProbeAsync"/> reports, from ffprobe's analysis of <paramref name="path"/>.</summary>
    internal static MediaFacts Facts(IMediaAnalysis analysis, string path)
    {
        VideoStream stream = analysis.PrimaryVideoStream
            ?? throw new MediaVerificationException(path, ["no video stream"]);
        return new MediaFacts(path, stream.CodecName ?? "unknown", stream.Width ?? 0, stream.Height ?? 0, stream.RealFrameRate, analysis.Duration);
    }
}
