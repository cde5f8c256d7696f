using System.Globalization;
using FFMpegCore;
using FFMpegCore.Pipes;

namespace VideoGen.Media;

/// <summary>Shared plumbing: frames in through a raw video pipe, frames out through a raw video pipe, errors wrapped.</summary>
internal static class FfmpegPipes
{
    public static RawVideoPipeSource Source(FrameSequence frames) =>
        new(frames.Frames.Select(f => (IVideoFrame)new RgbVideoFrame(f, frames.Width, frames.Height)))
        {
            FrameRate = frames.Fps,
        };

    public static string Fps(double fps) => fps.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="frames"/> through a filter graph and returns the filtered RGB24 frames.</summary>
    public static async Task<FrameSequence> FilterAsync(
        FrameSequence frames, string filter, int outputWidth, int outputHeight, string what, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        FFMpegArgumentProcessor processor = FFMpegArguments
            .FromPipeInput(Source(frames))
            .OutputToPipe(new StreamPipeSink(output), o => o
                .WithCustomArgument($"-vf \"{filter}\"")
                .WithCustomArgument("-pix_fmt rgb24")
                .WithCustomArgument("-f rawvideo"));
        await RunAsync(processor, what, cancellationToken).ConfigureAwait(false);
        return Split(output.ToArray(), outputWidth, outputHeight, frames.Fps, what);
    }

    /// <summary>Decodes every frame of a media file to RGB24.</summary>
    public static async Task<byte[]> DecodeRawAsync(string path, string pixelFormat, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        FFMpegArgumentProcessor processor = FFMpegArguments
            .FromFileInput(path)
            .OutputToPipe(new StreamPipeSink(output), o => o
                .WithCustomArgument($"-pix_fmt {pixelFormat}")
                .WithCustomArgument("-f rawvideo"));
        await RunAsync(processor, $"decoding {Path.GetFileName(path)}", cancellationToken).ConfigureAwait(false);
        return output.ToArray();
    }

    public static FrameSequence Split(byte[] raw, int width, int height, double fps, string what)
    {
        int frameSize = width * height * 3;
        if (raw.Length == 0 || raw.Length % frameSize != 0)
        {
            throw new MediaProcessingException(
                $"{what}: ffmpeg returned {raw.Length} bytes, not a whole number of {width}x{height} RGB24 frames.");
        }

        var frames = new byte[raw.Length / frameSize][];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = raw.AsSpan(i * frameSize, frameSize).ToArray();
        }

        return new FrameSequence(width, height, fps, frames);
    }

    public static async Task RunAsync(FFMpegArgumentProcessor processor, string what, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        FFMpegResult result;
        try
        {
            result = await processor.CancellableThrough(cancellationToken).ProcessAsynchronously(throwOnError: true).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new OperationCanceledException($"{what} was cancelled.", e, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MediaProcessingException($"ffmpeg failed while {what}: {e.Message}", e);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Success)
        {
            throw new MediaProcessingException(
                $"ffmpeg failed while {what} (exit code {result.ExitCode}): {string.Join(" | ", result.StandardError.TakeLast(5))}");
        }
    }
}
