using FFMpegCore;

namespace VideoGen.Media;

/// <summary>
/// An ffprobe started before the file it will check exists. Starting ffprobe costs about as much as probing a small
/// MP4 (the system build loads some 200 shared libraries: ~60 ms on this 2-core machine), so the encoder starts it
/// together with ffmpeg and, once ffmpeg has exited, hands it the written file on standard input. ffprobe then runs
/// the same analysis as <see cref="MediaVerifier.ProbeAsync"/> (same arguments, same parsing by FFMpegCore), on the
/// bytes read back from disk.
/// </summary>
internal sealed class PendingProbe : IDisposable
{
    // FFMpegCore's FFProbe.AnalyseAsync arguments, reading the input from standard input.
    private static readonly string[] Arguments =
        ["-loglevel", "error", "-print_format", "json", "-show_format", "-sexagesimal", "-show_streams", "-show_chapters", "-i", "pipe:0"];

    private readonly FfmpegProcess _process;

    private PendingProbe(FfmpegProcess process) => _process = process;

    /// <summary>Starts ffprobe; it waits for its input.</summary>
    public static PendingProbe Start() => new(FfmpegProcess.StartFfprobe(Arguments, "probing"));

    /// <summary>Feeds <paramref name="path"/> to ffprobe and returns what it reports.</summary>
    /// <exception cref="MediaVerificationException">The file is missing, unreadable or has no video stream.</exception>
    public async Task<MediaFacts> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new MediaVerificationException(path, ["file does not exist"]);
        }

        string json;
        try
        {
            await using (FileStream file = File.OpenRead(path))
            {
                try
                {
                    await file.CopyToAsync(_process.Input, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // ffprobe stops reading once it has what it needs (a faststart MP4 has its index first); its
                    // exit code and output decide.
                }
            }

            json = await _process.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MediaProcessingException e)
        {
            throw new MediaVerificationException(path, [$"ffprobe cannot read it ({e.Message})"], e);
        }

        IMediaAnalysis analysis;
        try
        {
            analysis = FFProbe.FromJson(json);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MediaVerificationException(path, [$"ffprobe cannot read it ({e.Message})"], e);
        }

        return MediaVerifier.Facts(analysis, path);
    }

    public void Dispose() => _process.Dispose();
}
