using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Provenance;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>Settings of publishing (section <c>VideoGen:Publish</c>).</summary>
public sealed class PublishOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "VideoGen:Publish";

    /// <summary>The model manifest the GPU workers load (JSON with <c>models[].name/version/sha256</c>), so the provenance manifest names the exact model bytes. Empty: models are recorded by name and version with sha256 <c>unrecorded</c>.</summary>
    public string ModelManifestPath { get; set; } = "";

    /// <summary>
    /// How long the links in the CMS notification stay valid: read-only SAS URLs for the published video, thumbnail
    /// and manifest, expiring this long after publishing. Zero sends the plain blob URLs (a public container, or a CDN
    /// in front of it). Default 7 days (the longest a user delegation key allows).
    /// </summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Read-only links to published blobs, signed with the account key when the app has one (connection string), or with
/// a user delegation key when it authenticates with Microsoft Entra ID (managed identity: needs "Storage Blob
/// Delegator" on the account). The expiry counts from the publish time the orchestration recorded, so a re-executed
/// notification signed with the account key carries the same links (a user delegation key is fetched anew, so those
/// links differ but expire at the same time).
/// </summary>
public sealed class PublishedLinks(BlobServiceClient blobs, IOptions<PublishOptions> options)
{
    /// <summary>The longest lifetime: a user delegation key is valid for at most 7 days.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>Read-only links to <paramref name="published"/>, valid until <paramref name="publishedAt"/> + the lifetime.</summary>
    /// <exception cref="ArgumentException">A URL is not a blob of this storage account, or the lifetime is out of range.</exception>
    public async Task<IReadOnlyList<Uri>> ReadLinksAsync(IReadOnlyList<Uri> published, DateTimeOffset publishedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(published);
        TimeSpan lifetime = options.Value.LinkLifetime;
        if (lifetime <= TimeSpan.Zero)
        {
            return published;
        }

        if (lifetime > MaxLifetime)
        {
            throw new ArgumentException($"VideoGen:Publish:LinkLifetime is {lifetime}; the longest a link may live is {MaxLifetime.TotalDays:0} days.");
        }

        DateTimeOffset expires = publishedAt + lifetime;
        UserDelegationKey? key = null; // fetched once, only when there is no account key
        var links = new List<Uri>(published.Count);
        foreach (Uri blob in published)
        {
            var parts = new BlobUriBuilder(blob);
            if (!string.Equals(parts.AccountName, blobs.AccountName, StringComparison.Ordinal) || string.IsNullOrEmpty(parts.BlobName))
            {
                throw new ArgumentException($"'{blob}' is not a blob of storage account '{blobs.AccountName}'.", nameof(published));
            }

            BlobClient client = blobs.GetBlobContainerClient(parts.BlobContainerName).GetBlobClient(parts.BlobName);
            var sas = new Azure.Storage.Sas.BlobSasBuilder(Azure.Storage.Sas.BlobSasPermissions.Read, expires)
            {
                BlobContainerName = parts.BlobContainerName,
                BlobName = parts.BlobName,
                Resource = "b",
                Protocol = blob.Scheme == Uri.UriSchemeHttps ? Azure.Storage.Sas.SasProtocol.Https : Azure.Storage.Sas.SasProtocol.HttpsAndHttp,
            };
            if (client.CanGenerateSasUri)
            {
                links.Add(client.GenerateSasUri(sas));
                continue;
            }

            key ??= (await blobs.GetUserDelegationKeyAsync(null, expires, ct).ConfigureAwait(false)).Value;
            links.Add(new BlobUriBuilder(client.Uri) { Sas = sas.ToSasQueryParameters(key, blobs.AccountName) }.ToUri());
        }

        return links;
    }
}

/// <summary>
/// Publishes the final clip to <c>published/{tenant}/{briefId}/{version}/</c>: <c>video.mp4</c> with the signed
/// provenance manifest embedded in its metadata, <c>thumbnail.jpg</c> and <c>manifest.json</c>. The version folder
/// is derived from the run and its clip version, so a re-executed publish (after a crash) overwrites the same
/// version rather than adding one.
/// </summary>
public sealed class PublishRun(BlobServiceClient blobs, ManifestSigner signer, IOptions<PublishOptions> options) : TaskActivity<PublishInput, PublishedRun>
{
    /// <inheritdoc />
    public override async Task<PublishedRun> RunAsync(TaskActivityContext context, PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CancellationToken ct = CancellationToken.None;
        var tenant = TenantId.Parse(input.Run.Tenant);
        string version = $"v{input.Version}-{input.InstanceId[(input.InstanceId.LastIndexOf(':') + 1)..]}";
        string dir = Path.Combine(Path.GetTempPath(), "videogen-publish-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            BlobContainerClient work = blobs.GetBlobContainerClient(input.Final.Container);
            string video = Path.Combine(dir, "final.mp4"), thumb = Path.Combine(dir, ProvenanceManifest.ThumbnailOutputName), signedVideo = Path.Combine(dir, ProvenanceManifest.VideoOutputName);
            await work.GetBlobClient(input.Final.VideoBlob).DownloadToAsync(video, ct).ConfigureAwait(false);
            await work.GetBlobClient(input.Final.ThumbnailBlob).DownloadToAsync(thumb, ct).ConfigureAwait(false);

            ProvenanceManifest manifest = signer.Sign(new ProvenanceManifest(
                ProvenanceManifest.CurrentFormatVersion, tenant, input.Run.BriefId, input.InstanceId, input.Version, DateTimeOffset.UtcNow,
                [new ManifestInput("brief.json", input.Brief.BriefSha256, input.Brief.BriefBytes), new ManifestInput(input.Brief.Brief.ProductImage, input.Brief.ImageSha256, input.Brief.ImageBytes)],
                [.. input.Render.Chunks.OrderBy(c => c.ChunkIndex).Select(c => new ManifestChunk(c.ChunkIndex!.Value, c.OutputBlobs.FirstOrDefault() ?? "", input.Final.ChunkSha256.GetValueOrDefault(c.ChunkIndex!.Value, ""), c.Frames))],
                [new ManifestOutput(ProvenanceManifest.VideoOutputName, OutputHashMethod.MediaStreams, await Mp4MediaHash.ComputeAsync(video, ct).ConfigureAwait(false)),
                 new ManifestOutput(ProvenanceManifest.ThumbnailOutputName, OutputHashMethod.File, await Mp4MediaHash.FileSha256Async(thumb, ct).ConfigureAwait(false))],
                [.. input.Brief.Brief.Shots.Select(s => new ManifestPrompt($"shot:{s.Id}", s.Prompt)), .. (input.Brief.Brief.Brand.Captions ?? []).Select(c => new ManifestPrompt("caption", c.Text))],
                Models(),
                [.. input.Final.Ffmpeg.Select(f => new ManifestFfmpegStep(f.Step, f.Arguments))],
                new ManifestSafety(input.Safety.MaxSeverities.ToDictionary(k => k.Key, k => (double)k.Value), $"{input.Safety.Decision}{(input.Safety.Checked ? "" : " (frames not checked)")}/{input.Screening.Verdict}", input.Screening.PolicyVersion),
                new ManifestQa(input.Final.Qa),
                [new ManifestApproval(input.Approval.Approver ?? "auto-approval rules", $"approve ({input.Approval.Mode})", input.Approval.DecidedAt, input.Approval.Round)],
                new ManifestCost(input.Cost.Currency, input.Cost.Total, input.Cost.PerRenderedSecond, input.Cost.ByKind),
                null));
            await Mp4ProvenanceEmbedder.EmbedAsync(video, signedVideo, manifest, ct).ConfigureAwait(false);
            byte[] manifestBytes = ManifestJson.Serialize(manifest);

            BlobContainerClient published = blobs.GetBlobContainerClient(BlobLayout.PublishedContainer);
            await published.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            BlobClient videoBlob = published.GetBlobClient(BlobLayout.PublishedPath(tenant, input.Run.BriefId, version, ProvenanceManifest.VideoOutputName));
            BlobClient thumbBlob = published.GetBlobClient(BlobLayout.PublishedPath(tenant, input.Run.BriefId, version, ProvenanceManifest.ThumbnailOutputName));
            BlobClient manifestBlob = published.GetBlobClient(BlobLayout.PublishedPath(tenant, input.Run.BriefId, version, "manifest.json"));
            await videoBlob.UploadAsync(signedVideo, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "video/mp4" } }, ct).ConfigureAwait(false);
            await thumbBlob.UploadAsync(thumb, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" } }, ct).ConfigureAwait(false);
            await manifestBlob.UploadAsync(BinaryData.FromBytes(manifestBytes), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct).ConfigureAwait(false);
            Telemetry.PipelineMetrics.RunsPublished.Add(1, new KeyValuePair<string, object?>("tenant", input.Run.Tenant));
            long bytes = new FileInfo(signedVideo).Length + new FileInfo(thumb).Length + manifestBytes.Length;
            return new PublishedRun(version, videoBlob.Uri, thumbBlob.Uri, manifestBlob.Uri, videoBlob.Name, manifestBlob.Name, bytes, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The reference motion model, with its hash from the model manifest when one is configured.</summary>
    private IReadOnlyList<ManifestModel> Models()
    {
        string path = options.Value.ModelManifestPath;
        if (string.IsNullOrEmpty(path))
        {
            return [new ManifestModel(GenerationModelName, "unknown", "unrecorded")];
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. doc.RootElement.GetProperty("models").EnumerateArray().Select(m =>
            new ManifestModel(m.GetProperty("name").GetString()!, m.GetProperty("version").GetString()!, m.GetProperty("sha256").GetString()!))];
    }

    /// <summary>The model the chunk jobs run.</summary>
    public const string GenerationModelName = "motion-reference";
}
