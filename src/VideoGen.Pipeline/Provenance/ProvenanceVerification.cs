namespace VideoGen.Pipeline.Provenance;

/// <summary>Verifies a published MP4 end to end: manifest (given or embedded), signature, media hash, thumbnail.</summary>
public static class ProvenanceVerification
{
    /// <summary>
    /// Takes the manifest from <paramref name="manifestPath"/> or, when null, from the MP4's own metadata; checks the
    /// signature, the MP4's media hash against output <see cref="ProvenanceManifest.VideoOutputName"/>, and the
    /// thumbnail against <see cref="ProvenanceManifest.ThumbnailOutputName"/> when given. When a manifest file is
    /// given and the MP4 also embeds one, the two must be the same.
    /// </summary>
    /// <exception cref="FileNotFoundException">The MP4 or the manifest file does not exist.</exception>
    /// <exception cref="ProvenanceException">The manifest is not valid JSON of a known version.</exception>
    /// <exception cref="VideoGen.Media.MediaProcessingException">ffmpeg/ffprobe cannot read the MP4.</exception>
    public static async Task<VerificationResult> VerifyAsync(
        string mp4Path, string? manifestPath, ManifestVerifier verifier, string? thumbnailPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mp4Path);
        ArgumentNullException.ThrowIfNull(verifier);
        ProvenanceManifest? embedded = await Mp4ProvenanceEmbedder.ReadAsync(mp4Path, cancellationToken).ConfigureAwait(false);
        ProvenanceManifest? manifest = embedded;
        var problems = new List<string>();
        if (manifestPath is not null)
        {
            manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(manifestPath, cancellationToken).ConfigureAwait(false));
            if (embedded is not null && !ManifestJson.Serialize(embedded).AsSpan().SequenceEqual(ManifestJson.Serialize(manifest)))
            {
                problems.Add("the manifest embedded in the MP4 differs from the manifest file given");
            }
        }

        if (manifest is null)
        {
            return VerificationResult.From(["no provenance manifest: none was given and the MP4 embeds none"], null);
        }

        var files = new Dictionary<string, string> { [ProvenanceManifest.VideoOutputName] = mp4Path };
        if (thumbnailPath is not null)
        {
            files[ProvenanceManifest.ThumbnailOutputName] = thumbnailPath;
        }

        VerificationResult result = await verifier.VerifyAsync(manifest, files, cancellationToken).ConfigureAwait(false);
        return VerificationResult.From([.. problems, .. result.Problems], manifest);
    }
}
