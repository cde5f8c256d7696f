namespace VideoGen.Pipeline.Workflow;

/// <summary>
/// The knobs of a run (section <c>VideoGen:Run</c>). An orchestrator cannot read configuration, so the run takes
/// them once through the <c>LoadRunSettings</c> activity and they are then fixed in its history.
/// </summary>
public sealed record RunSettings
{
    /// <summary>Configuration section.</summary>
    public const string Section = "VideoGen:Run";

    /// <summary>How long one round of chunk jobs may take before the late ones are retried. Default 10 min.</summary>
    public TimeSpan ChunkDeadline { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts per chunk (first submission included) before the run fails naming the chunk. Default 3.</summary>
    public int MaxChunkAttempts { get; init; } = 3;

    /// <summary>How long reviewers have to decide; one reminder at half. Default 48 h.</summary>
    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Re-renders a rejection with feedback may trigger. Default 2.</summary>
    public int MaxRerenders { get; init; } = 2;

    /// <summary>Templates whose clips may be auto-approved when screening, safety and QA all pass. Default product-launch, social.</summary>
    public IReadOnlyList<string> AutoApproveTemplates { get; init; } = ["product-launch", "social"];

    /// <summary>Send every clip to a person, whatever the rules say (e.g. <c>./run.sh --review</c>). Default false.</summary>
    public bool AlwaysReview { get; init; }

    /// <summary>
    /// When no Content Safety endpoint is configured, frames cannot be checked: the run then fails closed to human
    /// review, unless this is true (local development only), in which case the check is recorded as not performed.
    /// Default false.
    /// </summary>
    public bool AllowUncheckedAutoApprove { get; init; }

    /// <summary>QA gate: most missing or duplicated frames a clip may have to be auto-approved. Default 0.</summary>
    public int MaxFrameDefects { get; init; }

    /// <summary>QA gate: highest seam discontinuity for auto-approval (mean absolute difference, 0–255). Default 12.</summary>
    public double MaxSeamDiscontinuity { get; init; } = 12;

    /// <summary>QA gate: lowest product mask IoU for auto-approval (0–1). Default 0.5.</summary>
    public double MinProductIoU { get; init; } = 0.5;

    /// <summary>Base URL of the app for approval links (e.g. <c>https://videogen.example.com</c>). Default <c>http://127.0.0.1:7071</c>.</summary>
    public string PublicBaseUrl { get; init; } = "http://127.0.0.1:7071";
}
