using VideoGen.Functions.Ingestion;

namespace VideoGen.Functions.Triggers;

/// <summary>
/// <c>OnBriefUploaded</c>: a blob created in <c>cms-uploads</c>. In Azure it is a blob trigger whose events come from
/// Event Grid (<c>Source = BlobTriggerSource.EventGrid</c>): the isolated app's wrapper reads the blob's URL and ETag
/// and hands them here; locally the upload watcher does the same. Both start through <see cref="BriefIngestion"/>.
/// </summary>
public sealed class OnBriefUploadedFunction(BriefIngestion ingestion)
{
    /// <summary>The function name.</summary>
    public const string FunctionName = "OnBriefUploaded";

    /// <summary>Starts the run for one uploaded blob version (a redelivery starts nothing new).</summary>
    public Task<IngestionOutcome> HandleAsync(Uri blobUrl, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobUrl);
        return ingestion.AcceptAsync(new BlobCreatedNotice($"blob:{blobUrl.AbsolutePath}@{etag}", blobUrl.AbsoluteUri, etag, null), cancellationToken);
    }
}
