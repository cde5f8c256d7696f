using Microsoft.DurableTask.Client;
using VideoGen.Functions.Ingestion;

namespace VideoGen.Functions.Triggers;

/// <summary>
/// <c>OnBriefUploaded</c>: a blob created in <c>cms-uploads</c>. In Azure it is a blob trigger whose events come from
/// Event Grid (<c>Source = BlobTriggerSource.EventGrid</c>): the isolated app's wrapper reads the blob's URL and ETag
/// and hands them here with its <c>[DurableClient]</c>; locally the upload watcher does the same with the local host's
/// client. Both start through <see cref="BriefIngestion"/>.
/// </summary>
public sealed class OnBriefUploadedFunction(BriefIngestion ingestion)
{
    /// <summary>The function name.</summary>
    public const string FunctionName = "OnBriefUploaded";

    /// <summary>Starts the run for one uploaded blob version through <paramref name="client"/> (a redelivery starts nothing new).</summary>
    public Task<IngestionOutcome> HandleAsync(Uri blobUrl, string etag, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobUrl);
        string version = BlobCreatedNotice.NormalizeETag(etag) ?? throw new ArgumentException("The blob's ETag is required: it identifies the upload.", nameof(etag));
        return ingestion.AcceptAsync(client, new BlobCreatedNotice($"blob:{blobUrl.AbsolutePath}@{version}", blobUrl.AbsoluteUri, version, null), cancellationToken);
    }
}
