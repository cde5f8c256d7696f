using FFMpegCore;

namespace VideoGen.Media;

/// <summary>Writes one frame as a PNG or JPEG thumbnail through an ffmpeg pipe.</summary>
public static class ThumbnailWriter
{
    /// <summary>
    /// Encodes frame <paramref name="frameIndex"/> to <paramref name="outputPath"/>; the extension picks the format
    /// (<c>.png</c>, <c>.jpg</c>/<c>.jpeg</c>). A <paramref name="width"/> scales it keeping the aspect ratio.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown extension or frame index out of range.</exception>
    /// <exception cref="MediaVerificationException">The written file is not the expected image.</exception>
    public static async Task<MediaFacts> WriteAsync(
        FrameSequence frames, int frameIndex, string outputPath, int? width = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frameIndex, frames.Count);
        string codec = Path.GetExtension(outputPath).ToLowerInvariant() switch
        {
            ".png" => "png",
            ".jpg" or ".jpeg" => "mjpeg",
            var other => throw new ArgumentException($"Thumbnail extension '{other}' is not .png, .jpg or .jpeg.", nameof(outputPath)),
        };

        int outW = width ?? frames.Width;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outW);
        int outH = Math.Max(1, (int)Math.Round((double)frames.Height * outW / frames.Width));
        if (codec == "mjpeg")
        {
            (outW, outH) = (Math.Max(2, outW / 2 * 2), Math.Max(2, outH / 2 * 2));
        }

        FrameSequence single = frames.WithFrames([frames.Frames[frameIndex]]);
        FFMpegArgumentProcessor processor = FFMpegArguments
            .FromPipeInput(FfmpegPipes.Source(single))
            .OutputToFile(outputPath, overwrite: true, o =>
            {
                o.WithFrameCount(1).WithCustomArgument("-update 1");
                if (outW != frames.Width || outH != frames.Height)
                {
                    o.WithCustomArgument($"-vf \"scale={outW}:{outH}:flags=bicubic\"");
                }

                if (codec == "mjpeg")
                {
                    o.WithCustomArgument("-q:v 3 -pix_fmt yuvj420p");
                }
            });
        using PendingProbe probe = PendingProbe.Start(); // starts while ffmpeg runs; reads the image once it is written
        await FfmpegPipes.RunAsync(processor, $"writing thumbnail {Path.GetFileName(outputPath)}", cancellationToken).ConfigureAwait(false);
        return MediaVerifier.Verify(
            await probe.ProbeAsync(outputPath, cancellationToken).ConfigureAwait(false),
            new MediaExpectation { Codec = codec, Width = outW, Height = outH });
    }
}
