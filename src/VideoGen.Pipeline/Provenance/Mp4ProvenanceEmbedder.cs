using System.Buffers.Text;
using System.Text.Json;
using VideoGen.Media;

namespace VideoGen.Pipeline.Provenance;

/// <summary>
/// Puts a signed manifest into an MP4's metadata and reads it back. The manifest file bytes
/// (<see cref="ManifestJson.Serialize"/>) go base64url-encoded into the format tag <see cref="TagName"/>
/// (<c>-movflags +use_metadata_tags</c>, stream copy, no re-encode), so the media hash it records is unchanged.
/// </summary>
public static class Mp4ProvenanceEmbedder
{
    /// <summary>The metadata tag.</summary>
    public const string TagName = "videogen_provenance";

    /// <summary>Largest tag value written, in characters (well under the 128 KiB a single process argument may have).</summary>
    public const int MaxTagLength = 96 * 1024;

    /// <summary>Copies <paramref name="inputMp4"/> to <paramref name="outputMp4"/> with <paramref name="signedManifest"/> embedded.</summary>
    /// <exception cref="ProvenanceException">The manifest is unsigned or too large to embed.</exception>
    /// <exception cref="MediaProcessingException">ffmpeg failed.</exception>
    public static async Task EmbedAsync(string inputMp4, string outputMp4, ProvenanceManifest signedManifest, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputMp4);
        ArgumentException.ThrowIfNullOrEmpty(outputMp4);
        ArgumentNullException.ThrowIfNull(signedManifest);
        if (string.Equals(Path.GetFullPath(inputMp4), Path.GetFullPath(outputMp4), StringComparison.Ordinal))
        {
            throw new ArgumentException("The output must be a different file than the input.", nameof(outputMp4));
        }

        if (signedManifest.Signature is null)
        {
            throw new ProvenanceException("Only a signed manifest can be embedded; sign it with ManifestSigner first.");
        }

        string value = Base64Url.EncodeToString(ManifestJson.Serialize(signedManifest));
        if (value.Length > MaxTagLength)
        {
            throw new ProvenanceException($"The manifest is {value.Length} characters encoded; at most {MaxTagLength} can be embedded. Publish it beside the MP4 instead.");
        }

        await FfmpegProcess.RunFfmpegAsync(
            [
                "-v", "error", "-nostdin", "-y", "-i", inputMp4, "-map", "0", "-c", "copy", "-map_metadata", "0",
                "-movflags", "+use_metadata_tags", "-metadata", $"{TagName}={value}", "-f", "mp4", outputMp4,
            ],
            $"embedding the provenance manifest into {Path.GetFileName(outputMp4)}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The manifest embedded in <paramref name="mp4Path"/>, or null when it carries none.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MediaProcessingException">ffprobe cannot read it.</exception>
    /// <exception cref="ProvenanceException">The tag is there but is not a valid manifest.</exception>
    public static async Task<ProvenanceManifest?> ReadAsync(string mp4Path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mp4Path);
        if (!File.Exists(mp4Path))
        {
            throw new FileNotFoundException($"Cannot read provenance from {mp4Path}: the file does not exist.", mp4Path);
        }

        string json = await FfmpegProcess.RunFfprobeAsync(
            ["-v", "error", "-show_entries", $"format_tags={TagName}", "-of", "json", mp4Path],
            $"reading the provenance tag of {Path.GetFileName(mp4Path)}",
            cancellationToken).ConfigureAwait(false);
        string? value = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            if (doc.RootElement.TryGetProperty("format", out JsonElement format) && format.TryGetProperty("tags", out JsonElement tags))
            {
                foreach (JsonProperty tag in tags.EnumerateObject())
                {
                    if (string.Equals(tag.Name, TagName, StringComparison.OrdinalIgnoreCase))
                    {
                        value = tag.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException e)
        {
            throw new MediaProcessingException($"ffprobe gave unreadable output for {Path.GetFileName(mp4Path)}: {e.Message}", e);
        }

        if (value is null)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(value);
        }
        catch (FormatException e)
        {
            throw new ProvenanceException($"The {TagName} tag of {Path.GetFileName(mp4Path)} is not base64url.", e);
        }

        return ManifestJson.Parse(bytes);
    }
}
