using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Workflow;

/// <summary>The stages a run reports in its custom status, in order.</summary>
public static class RunStages
{
    /// <summary>Reading and validating the brief and its product image.</summary>
    public const string Validate = "validate";

    /// <summary>Screening prompts, captions and title against the policy.</summary>
    public const string Screen = "screen";

    /// <summary>Mapping storyboard shots to overlapping frame chunks.</summary>
    public const string Plan = "plan";

    /// <summary>The run has ended with a plan (rendering is not wired yet; see the README).</summary>
    public const string Planned = "planned";

    /// <summary>The run failed; see <see cref="RunStatus.ErrorCode"/>.</summary>
    public const string Failed = "failed";
}

/// <summary>The custom status of a run: what the CLI's <c>watch</c> and the status API show.</summary>
/// <param name="Stage">One of <see cref="RunStages"/>.</param>
/// <param name="Percent">Progress through the whole run, 0–100.</param>
/// <param name="ChunksDone">Chunks rendered so far.</param>
/// <param name="ChunksTotal">Chunks planned (0 before planning).</param>
/// <param name="Message">One human sentence about the stage.</param>
/// <param name="ErrorCode">For a failed run, the stable error code (e.g. <c>brief.invalid</c>).</param>
/// <param name="TimeToPreviewSeconds">Seconds from upload to preview, once there is one.</param>
/// <param name="CostSoFar">Cost accrued so far in the ledger's currency, once known.</param>
public sealed record RunStatus(
    string Stage,
    int Percent,
    int ChunksDone,
    int ChunksTotal,
    string Message,
    string? ErrorCode = null,
    double? TimeToPreviewSeconds = null,
    double? CostSoFar = null);

/// <summary>A brief that passed validation, with the hashes of what was read (for the audit trail and provenance).</summary>
/// <param name="Brief">The brief.</param>
/// <param name="Image">The product image's format and size.</param>
/// <param name="ImagePath">The product image's blob name in the upload container.</param>
/// <param name="BriefSha256">SHA-256 of brief.json as read, lower-case hex.</param>
/// <param name="ImageSha256">SHA-256 of the product image as read, lower-case hex.</param>
public sealed record ValidatedBrief(Brief Brief, ProductImageInfo Image, string ImagePath, string BriefSha256, string ImageSha256);

/// <summary>The output of a run that ended with its plan.</summary>
/// <param name="InstanceId">The run.</param>
/// <param name="Outcome">What the run achieved: <c>planned</c>.</param>
/// <param name="Brief">Tenant and brief id.</param>
/// <param name="Screening">The policy decision.</param>
/// <param name="Plan">The chunk plan.</param>
/// <param name="Note">What is not done yet.</param>
public sealed record RunResult(string InstanceId, string Outcome, string Brief, PolicyDecision Screening, ChunkPlan Plan, string Note);

/// <summary>A run that cannot continue, with a stable code; its message becomes the run's failure message.</summary>
public sealed class RunFailedException(string code, string message) : VideoGen.Durable.NonRetriableException($"{code}: {message}")
{
    /// <summary>The stable error code, e.g. <c>brief.invalid</c>, <c>prompt.blocked</c>.</summary>
    public string Code { get; } = code;
}
