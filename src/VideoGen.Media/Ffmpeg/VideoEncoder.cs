using FFMpegCore;

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
    public static async Task<MediaFacts> EncodeAsync(
        FrameSequence frames,
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

        EncodeProfile profile = EncodeProfile.For(tier);
        (int width, int height) = profile.OutputSize(frames.Width, frames.Height);
        using OverlayFilter overlayFilter = (overlay ?? new VideoOverlay()).BuildFilter();
        var filters = new List<string>();
        if (width != frames.Width || height != frames.Height)
        {
            filters.Add($"scale={width}:{height}:flags=bicubic");
        }

        if (!overlayFilter.IsEmpty)
        {
            filters.Add(overlayFilter.Filter);
        }

        FFMpegArgumentProcessor processor = FFMpegArguments
            .FromPipeInput(FfmpegPipes.Source(frames))
            .OutputToFile(outputPath, overwrite: true, o =>
            {
                o.WithCustomArgument("-c:v libx264")
                    .WithCustomArgument($"-preset {profile.Preset}")
                    .WithConstantRateFactor(profile.Crf)
                    .WithCustomArgument("-pix_fmt yuv420p")
                    .WithCustomArgument($"-r {FfmpegPipes.Fps(frames.Fps)}")
                    .WithFastStart();
                if (filters.Count > 0)
                {
                    o.WithCustomArgument($"-vf \"{string.Join(',', filters)}\"");
                }
            });
        await FfmpegPipes.RunAsync(processor, $"encoding {Path.GetFileName(outputPath)} ({tier})", cancellationToken).ConfigureAwait(false);
        return await MediaVerifier.VerifyAsync(
            outputPath,
            new MediaExpectation { Codec = "h264", Width = width, Height = height, Fps = frames.Fps, Duration = frames.Duration },
            cancellationToken).ConfigureAwait(false);
    }
}
