using System.Globalization;

namespace VideoGen.Media;

/// <summary>The two encode tiers.</summary>
public enum EncodeTier
{
    /// <summary>Fast preset, half resolution, lower quality: for review.</summary>
    Preview,

    /// <summary>Quality preset at full resolution: for publishing.</summary>
    Final,
}

/// <summary>x264 settings of a tier.</summary>
/// <param name="Preset">x264 preset.</param>
/// <param name="Crf">Constant rate factor (lower is better).</param>
/// <param name="ScaleDivisor">Output size is the frame size divided by this, rounded down to even.</param>
public sealed record EncodeProfile(string Preset, int Crf, int ScaleDivisor)
{
    /// <summary>Preview: <c>veryfast</c>, CRF 28, half size.</summary>
    public static EncodeProfile Preview { get; } = new("veryfast", 28, 2);

    /// <summary>Final: <c>slow</c>, CRF 18, full size.</summary>
    public static EncodeProfile Final { get; } = new("slow", 18, 1);

    /// <summary>The profile of <paramref name="tier"/>.</summary>
    public static EncodeProfile For(EncodeTier tier) => tier == EncodeTier.Preview ? Preview : Final;

    /// <summary>Output size for frames of the given size (even numbers, as yuv420p requires).</summary>
    public (int Width, int Height) OutputSize(int width, int height) =>
        (Math.Max(2, width / ScaleDivisor / 2 * 2), Math.Max(2, height / ScaleDivisor / 2 * 2));
}

/// <summary>Encodes frames to H.264 MP4 through an ffmpeg pipe and verifies the result with ffprobe.</summary>
public static class VideoEncoder
{
    /// <summary>
    /// Encodes <paramref name="frames"/> to <paramref name="outputPath"/> (H.264, yuv420p, faststart), optionally burning
    /// in <paramref name="overlay"/>, then checks codec, size, rate and duration.
    /// </summary>
    /// <exception cref="MediaProcessingException">ffmpeg failed.</exception>
    /// <exception cref="MediaVerificationException">The file is not what was asked for.</exception>
    public static Task<MediaFacts> EncodeAsync(
        FrameSequence frames,
        string outputPath,
        EncodeTier tier,
        VideoOverlay? overlay = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return EncodeAsync(frames.AsStream(), outputPath, tier, overlay, cancellationToken);
    }

    /// <summary>
    /// Encodes <paramref name="frames"/> as they are produced: ffmpeg (and the ffprobe that checks its output) start
    /// first, and each frame is written to ffmpeg's standard input as soon as the stream yields it, so producing the
    /// frames (blending, compositing) overlaps ffmpeg's start-up and x264's encoding. The output is then checked as
    /// <see cref="EncodeAsync(FrameSequence, string, EncodeTier, VideoOverlay?, CancellationToken)"/> does.
    /// </summary>
    /// <exception cref="ArgumentException">The stream is empty, or yields frames of another size or another number of frames than it announced.</exception>
    /// <exception cref="MediaProcessingException">ffmpeg failed.</exception>
    /// <exception cref="MediaVerificationException">The file is not what was asked for.</exception>
    public static async Task<MediaFacts> EncodeAsync(
        FrameStream frames,
        string outputPath,
        EncodeTier tier,
        VideoOverlay? overlay = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (frames.Count == 0)
        {
            throw new ArgumentException("Nothing to encode: the sequence has no frames.", nameof(frames));
        }

        cancellationToken.ThrowIfCancellationRequested();
        EncodeProfile profile = EncodeProfile.For(tier);
        (int width, int height) = profile.OutputSize(frames.Width, frames.Height);
        using OverlayFilter overlayFilter = (overlay ?? new VideoOverlay()).BuildFilter();
        string what = $"encoding {Path.GetFileName(outputPath)} ({tier})";
        using FfmpegProcess ffmpeg = FfmpegProcess.StartFfmpeg(Arguments(frames, outputPath, profile, width, height, overlayFilter), what);
        using PendingProbe probe = PendingProbe.Start();
        await WriteFramesAsync(ffmpeg, frames, cancellationToken).ConfigureAwait(false);
        await ffmpeg.CompleteAsync(cancellationToken).ConfigureAwait(false);
        MediaFacts facts = await probe.ProbeAsync(outputPath, cancellationToken).ConfigureAwait(false);
        return MediaVerifier.Verify(
            facts, new MediaExpectation { Codec = "h264", Width = width, Height = height, Fps = frames.Fps, Duration = frames.Duration });
    }

    private static List<string> Arguments(FrameStream frames, string outputPath, EncodeProfile profile, int width, int height, OverlayFilter overlay)
    {
        string fps = FfmpegPipes.Fps(frames.Fps);
        var arguments = new List<string>
        {
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{frames.Width}x{frames.Height}", "-r", fps, "-i", "pipe:0",
            "-c:v", "libx264", "-preset", profile.Preset, "-crf", profile.Crf.ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", "yuv420p", "-r", fps, "-movflags", "faststart",
        };
        var filters = new List<string>();
        if (width != frames.Width || height != frames.Height)
        {
            filters.Add($"scale={width}:{height}:flags=bicubic");
        }

        if (!overlay.IsEmpty)
        {
            filters.Add(overlay.Filter);
        }

        if (filters.Count > 0)
        {
            arguments.AddRange(["-vf", string.Join(',', filters)]);
        }

        arguments.Add(outputPath);
        return arguments;
    }

    private static async Task WriteFramesAsync(FfmpegProcess ffmpeg, FrameStream frames, CancellationToken cancellationToken)
    {
        int written = 0;
        try
        {
            foreach (ReadOnlyMemory<byte> frame in frames.Frames)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (frame.Length != frames.FrameSize || written == frames.Count)
                {
                    throw new ArgumentException(
                        $"Frame {written} has {frame.Length} bytes of a stream of {frames.Count} {frames.Width}x{frames.Height} RGB24 frames ({frames.FrameSize} bytes each).",
                        nameof(frames));
                }

                await ffmpeg.Input.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                written++;
            }
        }
        catch (IOException e)
        {
            throw await ffmpeg.WriteFailureAsync(e).ConfigureAwait(false);
        }

        if (written != frames.Count)
        {
            throw new ArgumentException($"The stream yielded {written} frames; it announced {frames.Count}.", nameof(frames));
        }
    }
}
