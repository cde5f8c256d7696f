using Microsoft.DurableTask;
using VideoGen.Contracts.Gpu;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Safety;

namespace VideoGen.Pipeline.Workflow;

/// <summary>The stages a run reports in its custom status, in order.</summary>
public static class RunStages
{
    /// <summary>Reading and validating the brief and its product image.</summary>
    public const string Validate = "validate";

    /// <summary>Screening prompts, captions and title against the policy.</summary>
    public const string Screen = "screen";

    /// <summary>Product mask, thumbnails, normalized inputs.</summary>
    public const string Prepare = "prepare";

    /// <summary>Mapping storyboard shots to overlapping frame chunks.</summary>
    public const string Plan = "plan";

    /// <summary>Preview chunks on the interactive GPU tier.</summary>
    public const string RenderPreview = "render-preview";

    /// <summary>Blending, compositing and encoding the preview.</summary>
    public const string AssemblePreview = "assemble-preview";

    /// <summary>Frame-sampled content safety and QA.</summary>
    public const string Check = "check";

    /// <summary>Waiting for a reviewer.</summary>
    public const string Approve = "approve";

    /// <summary>Final chunks on the batch tier, assembly at full quality.</summary>
    public const string RenderFinal = "render-final";

    /// <summary>Writing the published outputs, notifying the CMS.</summary>
    public const string Publish = "publish";

    /// <summary>Published.</summary>
    public const string Done = "done";

    /// <summary>A reviewer rejected the clip (or nobody decided in time).</summary>
    public const string Rejected = "rejected";

    /// <summary>The run failed; see <see cref="RunStatus.ErrorCode"/>.</summary>
    public const string Failed = "failed";
}

/// <summary>The custom status of a render sub-orchestration (<c>{run}:preview:v1</c>, <c>{run}:final:v1</c>).</summary>
/// <param name="Tier">Interactive (preview) or Batch (final).</param>
/// <param name="ChunksDone">Chunks whose results arrived.</param>
/// <param name="ChunksTotal">Chunks this render renders (all, or the ones a reviewer named).</param>
public sealed record RenderProgress(string Tier, int ChunksDone, int ChunksTotal);

/// <summary>The custom status of a run: what the CLI's <c>watch</c> and the status API show.</summary>
/// <param name="Stage">One of <see cref="RunStages"/>.</param>
/// <param name="Percent">Progress through the whole run, 0–100.</param>
/// <param name="ChunksDone">Chunks rendered so far in the current render.</param>
/// <param name="ChunksTotal">Chunks in the current render (0 before planning).</param>
/// <param name="Message">One human sentence about the stage.</param>
/// <param name="ErrorCode">For a failed run, the stable error code (e.g. <c>brief.invalid</c>).</param>
/// <param name="TimeToPreviewSeconds">Seconds from upload to preview, once there is one.</param>
/// <param name="CostSoFar">Cost accrued so far in the ledger's currency, once known.</param>
/// <param name="ApprovalRound">While waiting for a reviewer: the open approval round.</param>
/// <param name="ApprovalLinks">While waiting: the review links sent (approver → URL).</param>
/// <param name="PreviewBlob">The current preview MP4 (working container), once there is one.</param>
/// <param name="Title">The brief's title.</param>
/// <param name="RenderInstance">
/// While chunks render: the render sub-orchestration, whose own status counts the chunks done. The status API
/// (<c>GET /api/durabletask/instances/{id}</c>) copies its <c>chunksDone</c>/<c>chunksTotal</c> into this status.
/// </param>
public sealed record RunStatus(
    string Stage,
    int Percent,
    int ChunksDone,
    int ChunksTotal,
    string Message,
    string? ErrorCode = null,
    double? TimeToPreviewSeconds = null,
    double? CostSoFar = null,
    string? ApprovalRound = null,
    IReadOnlyDictionary<string, string>? ApprovalLinks = null,
    string? PreviewBlob = null,
    string? Title = null,
    string? RenderInstance = null);

/// <summary>A brief that passed validation, with the hashes of what was read (for the audit trail and provenance).</summary>
/// <param name="Brief">The brief.</param>
/// <param name="Image">The product image's format and size.</param>
/// <param name="ImagePath">The product image's blob name in the upload container.</param>
/// <param name="BriefSha256">SHA-256 of brief.json as read, lower-case hex.</param>
/// <param name="ImageSha256">SHA-256 of the product image as read, lower-case hex.</param>
/// <param name="BriefBytes">Size of brief.json.</param>
/// <param name="ImageBytes">Size of the product image.</param>
public sealed record ValidatedBrief(Brief Brief, ProductImageInfo Image, string ImagePath, string BriefSha256, string ImageSha256, long BriefBytes = 0, long ImageBytes = 0);

/// <summary>What the frame checks concluded about a clip.</summary>
/// <param name="Decision">Pass, Review or Block.</param>
/// <param name="Checked">False when Content Safety was not configured and the check was not performed (see <see cref="RunSettings.AllowUncheckedAutoApprove"/>).</param>
/// <param name="Summary">One line for reviewers and logs.</param>
/// <param name="MaxSeverities">Highest severity per category over the sampled frames.</param>
/// <param name="Reasons">What the decision rests on.</param>
public sealed record ClipSafety(SafetyDecision Decision, bool Checked, string Summary, IReadOnlyDictionary<string, int> MaxSeverities, IReadOnlyList<string> Reasons);

/// <summary>How the preview was approved (or not).</summary>
/// <param name="Mode">auto, human, or rejected.</param>
/// <param name="Reasons">Why (rules met, or what sent it to review).</param>
/// <param name="Approver">Who decided, for human decisions.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Round">The approval round.</param>
public sealed record ApprovalOutcome(string Mode, IReadOnlyList<string> Reasons, string? Approver, DateTimeOffset DecidedAt, string Round);

/// <summary>The chunk results of one render of one tier.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="Version">The output version.</param>
/// <param name="Chunks">One succeeded result per chunk, in chunk order.</param>
/// <param name="Attempts">Submissions made (retries included).</param>
public sealed record RenderResult(GpuTier Tier, int Version, IReadOnlyList<GpuJobResult> Chunks, int Attempts);

/// <summary>Where a run published.</summary>
/// <param name="Version">The version folder, <c>v{n}-{run}</c>.</param>
/// <param name="VideoUrl">The published MP4 (with the manifest in its metadata).</param>
/// <param name="ThumbnailUrl">The thumbnail.</param>
/// <param name="ManifestUrl">The signed manifest.</param>
/// <param name="VideoBlob">Blob name of the MP4 in the published container.</param>
/// <param name="ManifestBlob">Blob name of the manifest.</param>
/// <param name="PublishedBytes">Bytes written.</param>
/// <param name="ManifestSha256">SHA-256 of the manifest JSON.</param>
public sealed record PublishedRun(string Version, Uri VideoUrl, Uri ThumbnailUrl, Uri ManifestUrl, string VideoBlob, string ManifestBlob, long PublishedBytes, string ManifestSha256);

/// <summary>The output of a run.</summary>
/// <param name="InstanceId">The run.</param>
/// <param name="Outcome"><c>published</c> or <c>rejected</c>.</param>
/// <param name="Brief"><c>{tenant}/{briefId}</c>.</param>
/// <param name="Screening">The policy decision.</param>
/// <param name="Plan">The chunk plan.</param>
/// <param name="Approval">How it was approved or rejected.</param>
/// <param name="Published">Where it was published (null when rejected).</param>
/// <param name="TimeToPreviewSeconds">Upload to first preview, seconds.</param>
/// <param name="GpuSeconds">Device-seconds of every chunk job (all tiers, all attempts the worker reported).</param>
/// <param name="EncodeSeconds">Seconds spent assembling and encoding.</param>
/// <param name="Cost">The cost summary.</param>
public sealed record RunResult(
    string InstanceId,
    string Outcome,
    string Brief,
    PolicyDecision Screening,
    ChunkPlan Plan,
    ApprovalOutcome? Approval,
    PublishedRun? Published,
    double? TimeToPreviewSeconds,
    double GpuSeconds,
    double EncodeSeconds,
    RunCost? Cost);

/// <summary>Cost of a run from the ledger.</summary>
/// <param name="Currency">Currency.</param>
/// <param name="Total">Total cost.</param>
/// <param name="PerRenderedSecond">Total over the published clip's seconds.</param>
/// <param name="ByKind">Cost per kind (GpuSeconds, EncodeSeconds, StorageBytes, ReviewMinutes).</param>
public sealed record RunCost(string Currency, decimal Total, decimal PerRenderedSecond, IReadOnlyDictionary<string, decimal> ByKind);

/// <summary>
/// A run that cannot continue, with a stable code; its message becomes the run's failure message. Never retried: the
/// retry policies of the run's steps (<see cref="RunContext.StorageRetry"/>) skip failures of this type.
/// </summary>
public sealed class RunFailedException(string code, string message) : Exception($"{code}: {message}")
{
    /// <summary>The stable error code, e.g. <c>brief.invalid</c>, <c>prompt.blocked</c>.</summary>
    public string Code { get; } = code;

    /// <summary>
    /// Splits this exception's message (<c>{code}: {message}</c>, also what a failed task's details carry) back into its
    /// code and message.
    /// </summary>
    public static (string Code, string Message) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? (text, "") : (text[..colon], text[(colon + 2)..]);
    }

    /// <summary>True when a failed task's details (or one of its inner failures) carry a <see cref="RunFailedException"/>.</summary>
    public static bool IsIn(TaskFailureDetails? details)
    {
        for (TaskFailureDetails? d = details; d is not null; d = d.InnerFailure)
        {
            if (d.ErrorType == typeof(RunFailedException).FullName)
            {
                return true;
            }
        }

        return false;
    }
}
