namespace VideoGen.Pipeline.Approvals;

/// <summary>What the confirmation page shows the reviewer about the clip.</summary>
/// <param name="BriefTitle">Title of the brief.</param>
/// <param name="PreviewVideoUrl">Absolute http(s) URL of the preview MP4 (typically a short-lived read SAS).</param>
/// <param name="ThumbnailUrl">Absolute http(s) URL of the thumbnail, used as the video poster; optional.</param>
/// <param name="SummaryLines">Safety and QA summary, one line each.</param>
public sealed record ApprovalContext(
    string BriefTitle,
    Uri PreviewVideoUrl,
    Uri? ThumbnailUrl,
    IReadOnlyList<string> SummaryLines);

/// <summary>An instance currently waiting for a decision: its round and what to show.</summary>
/// <param name="Round">The approval round now open; tokens of other rounds are refused.</param>
/// <param name="Context">What the confirmation page shows.</param>
public sealed record AwaitingApproval(string Round, ApprovalContext Context);

/// <summary>
/// Tells <see cref="ApprovalFlow"/> whether an instance is waiting for approval and in which round (the function
/// app answers it from the instance's custom status).
/// </summary>
public interface IApprovalStateSource
{
    /// <summary>The open approval of the instance, or null when it is not waiting for one.</summary>
    Task<AwaitingApproval?> FindAwaitingAsync(VideoGen.Contracts.TenantId tenant, string instanceId, CancellationToken cancellationToken);
}
