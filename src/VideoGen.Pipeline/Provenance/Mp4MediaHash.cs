using System.Security.Cryptography;
using System.Text;
using VideoGen.Media;

namespace VideoGen.Pipeline.Provenance;

/// <summary>
/// The hash of an MP4's encoded media, unchanged by metadata edits and re-muxing with stream copy:
/// <c>ffmpeg -v error -nostdin -i in.mp4 -map 0:v -map 0:a? -c copy -f streamhash -hash sha256 -</c> prints one line
/// per stream (<c>0,v,SHA256=…</c>) hashing that stream's packet data; the media hash is SHA-256 of those lines, each
/// ending in <c>\n</c>, in ffmpeg's order, as lowercase hex.
/// </summary>
public static class Mp4MediaHash
{
    /// <summary>Computes the media hash of <paramref name="mp4Path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MediaProcessingException">ffmpeg cannot read it, or it has no video stream.</exception>
    public static async Task<string> ComputeAsync(string mp4Path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mp4Path);
        if (!File.Exists(mp4Path))
        {
            throw new FileNotFoundException($"Cannot hash {mp4Path}: the file does not exist.", mp4Path);
        }

        string output = await FfmpegProcess.RunFfmpegAsync(
            ["-v", "error", "-nostdin", "-i", mp4Path, "-map", "0:v", "-map", "0:a?", "-c", "copy", "-f", "streamhash", "-hash", "sha256", "-"],
            $"hashing the media streams of {Path.GetFileName(mp4Path)}",
            cancellationToken).ConfigureAwait(false);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || !lines.Any(l => l.Contains(",v,", StringComparison.Ordinal)) || !lines.All(l => l.Contains(",SHA256=", StringComparison.Ordinal)))
        {
            throw new MediaProcessingException($"ffmpeg streamhash of {Path.GetFileName(mp4Path)} gave no video stream hash: '{output.Trim()}'.");
        }

        var text = new StringBuilder();
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>SHA-256 of a whole file, lowercase hex.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static async Task<string> FileSha256Async(string path, CancellationToken cancellationToken = default)
    {
        await using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
