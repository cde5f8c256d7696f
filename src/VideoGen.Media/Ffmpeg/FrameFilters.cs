namespace VideoGen.Media;

/// <summary>Frame-to-frame ffmpeg operations: frames piped in, frames piped out.</summary>
public static class FrameFilters
{
    /// <summary>
    /// Upsamples by an integer factor with Lanczos scaling (the plain path; the ONNX upsampler lives in
    /// VideoGen.Inference).
    /// </summary>
    public static Task<FrameSequence> UpsampleAsync(FrameSequence frames, int factor = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        int w = frames.Width * factor, h = frames.Height * factor;
        return FfmpegPipes.FilterAsync(frames, $"scale={w}:{h}:flags=lanczos", w, h, $"upsampling {factor}x", cancellationToken);
    }

    /// <summary>Burns captions and branding into the frames.</summary>
    public static async Task<FrameSequence> ApplyOverlayAsync(
        FrameSequence frames, VideoOverlay overlay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(overlay);
        using OverlayFilter filter = overlay.BuildFilter();
        if (filter.IsEmpty)
        {
            return frames;
        }

        return await FfmpegPipes.FilterAsync(frames, filter.Filter, frames.Width, frames.Height, "drawing the overlay", cancellationToken)
            .ConfigureAwait(false);
    }
}
