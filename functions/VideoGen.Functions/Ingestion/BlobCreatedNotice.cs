namespace VideoGen.Functions.Ingestion;

/// <summary>What ingestion needs from a <c>Microsoft.Storage.BlobCreated</c> event, in either schema.</summary>
/// <param name="EventId">The event id (for logs).</param>
/// <param name="BlobUrl">The blob's URL (<c>data.url</c>).</param>
/// <param name="ETag">The blob version's ETag without quotes (<c>data.eTag</c>), or null if the event had none.</param>
/// <param name="Sequencer">The event's <c>data.sequencer</c>, or null.</param>
public sealed record BlobCreatedNotice(string EventId, string BlobUrl, string? ETag, string? Sequencer)
{
    /// <summary>What identifies this version of the blob: the ETag, else the sequencer.</summary>
    public string VersionKey => NormalizeETag(ETag) ?? Sequencer
        ?? throw new EventGridPayloadException("BlobCreated event has neither data.eTag nor data.sequencer, so its upload cannot be identified.", "data.eTag");

    /// <summary>Strips the quotes the Blob SDK keeps around an ETag, so events and uploads agree.</summary>
    public static string? NormalizeETag(string? etag) => string.IsNullOrWhiteSpace(etag) ? null : etag.Trim().Trim('"');
}

/// <summary>A delivery that does not follow the Event Grid or CloudEvents contract; names the field.</summary>
public sealed class EventGridPayloadException(string message, string field) : Exception(message)
{
    /// <summary>The offending field (JSON path-like), e.g. <c>data.url</c>.</summary>
    public string Field { get; } = field;
}
