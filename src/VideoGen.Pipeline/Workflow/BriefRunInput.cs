using VideoGen.Contracts;

namespace VideoGen.Pipeline.Workflow;

/// <summary>
/// The input of a <c>BriefToPublish</c> run: which uploaded brief, exactly (the blob and the version of it that
/// was uploaded). Written by the ingestion function from a <c>BlobCreated</c> event.
/// </summary>
/// <param name="Tenant">The tenant the upload belongs to (first segment of its path).</param>
/// <param name="BriefId">The brief id (second segment of its path).</param>
/// <param name="Container">The container the brief was uploaded to (<see cref="BlobLayout.CmsUploadsContainer"/>).</param>
/// <param name="BriefPath">The brief's blob name, <c>{tenant}/{briefId}/brief.json</c>.</param>
/// <param name="BlobUrl">The blob URL as the event carried it.</param>
/// <param name="ETag">The uploaded version's ETag (without quotes), or the event's sequencer when it had no ETag.</param>
/// <param name="ReceivedAt">When the event was accepted.</param>
public sealed record BriefRunInput(
    string Tenant,
    string BriefId,
    string Container,
    string BriefPath,
    string BlobUrl,
    string ETag,
    DateTimeOffset ReceivedAt);

/// <summary>Names shared by the function app and the workflow.</summary>
public static class WorkflowNames
{
    /// <summary>The brief-to-publish orchestration.</summary>
    public const string BriefToPublish = "BriefToPublish";

    /// <summary>External event: a chunk's GPU job reported back on <c>gpu-results</c>.</summary>
    public const string ChunkRendered = "ChunkRendered";

    /// <summary>External event: a reviewer's decision.</summary>
    public const string ApprovalDecision = "ApprovalDecision";

    /// <summary>
    /// The instance id of the run for one upload: <c>{tenant}:{briefId}:{hash}</c>, where the hash covers the blob
    /// URL and its ETag. A redelivered event for the same upload maps to the same id, so it starts nothing new;
    /// a re-upload (new ETag) is a new run. The tenant prefix scopes every query to its tenant.
    /// </summary>
    public static string RunInstanceId(TenantId tenant, string briefId, string blobUrl, string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobUrl);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{blobUrl}\n{etag}"));
        return $"{TenantPrefix(tenant)}{BlobLayout.CheckSegment(briefId, nameof(briefId))}:{Convert.ToHexStringLower(hash, 0, 8)}";
    }

    /// <summary>The prefix every instance id of <paramref name="tenant"/> starts with: <c>{tenant}:</c>.</summary>
    public static string TenantPrefix(TenantId tenant) => $"{tenant}:";
}
