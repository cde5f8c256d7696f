namespace VideoGen.Media;

/// <summary>Reads a video file back into RGB24 frames (for QA of encoded outputs).</summary>
public static class VideoDecoder
{
    /// <summary>Decodes every frame of <paramref name="path"/> through an ffmpeg pipe.</summary>
    /// <exception cref="MediaVerificationException">ffprobe cannot read the file.</exception>
    /// <exception cref="MediaProcessingException">ffmpeg cannot decode it.</exception>
    public static async Task<FrameSequence> DecodeAsync(string path, CancellationToken cancellationToken = default)
    {
        MediaFacts facts = await MediaVerifier.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        byte[] raw = await FfmpegPipes.DecodeRawAsync(path, "rgb24", cancellationToken).ConfigureAwait(false);
        return FfmpegPipes.Split(raw, facts.Width, facts.Height, facts.Fps, $"decoding {Path.GetFileName(path)}");
    }
}
