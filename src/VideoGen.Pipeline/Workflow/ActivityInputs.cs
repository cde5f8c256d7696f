using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Workflow;

/// <summary>One audit-trail step of a run.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="InstanceId">Run.</param>
/// <param name="Sequence">Position in the run's trail (deterministic, so a replayed or retried append is recognised).</param>
/// <param name="Step">What happened.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="At">When (orchestration time).</param>
/// <param name="Details">What it rests on.</param>
public sealed record AuditInput(string Tenant, string InstanceId, int Sequence, string Step, string Actor, DateTimeOffset At, IReadOnlyDictionary<string, string> Details);

/// <summary>A lifecycle event to emit.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="BriefId">Brief.</param>
/// <param name="InstanceId">Run.</param>
/// <param name="Type">Event type.</param>
/// <param name="Version">Clip version.</param>
/// <param name="At">When (orchestration time).</param>
/// <param name="Reason">Reason, for failures, rejections and reviews.</param>
/// <param name="PreviewBlob">The preview, when there is one.</param>
/// <param name="Published">The published outputs, for <see cref="LifecycleEventType.Published"/>.</param>
public sealed record LifecycleInput(string Tenant, string BriefId, string InstanceId, LifecycleEventType Type, int Version, DateTimeOffset At, string? Reason, string? PreviewBlob, PublishedRun? Published);

/// <summary>What the review links and messages need.</summary>
/// <param name="Run">The run input.</param>
/// <param name="InstanceId">The run (the approval event goes here).</param>
/// <param name="Title">Brief title.</param>
/// <param name="Template">Template name.</param>
/// <param name="Approvers">Approver emails.</param>
/// <param name="Round">Approval round (a re-render opens a new one; old links stop working).</param>
/// <param name="Preview">The preview under review.</param>
/// <param name="SafetySummary">One-line safety summary.</param>
/// <param name="Reasons">Why a person must review.</param>
/// <param name="ExpiresAt">When the links expire (the approval timeout).</param>
/// <param name="PublicBaseUrl">Base URL of the app for the links.</param>
public sealed record ApprovalRequestInput(
    BriefRunInput Run, string InstanceId, string Title, string Template, IReadOnlyList<string> Approvers, string Round, ClipArtifact Preview,
    string SafetySummary, IReadOnlyList<string> Reasons, DateTimeOffset ExpiresAt, string PublicBaseUrl);

/// <summary>What the cost ledger records for a run.</summary>
/// <param name="Run">The run input.</param>
/// <param name="InstanceId">The run.</param>
/// <param name="Renders">Every render (tier, version, chunk results with device-seconds).</param>
/// <param name="Encodes">Every assembled clip (encode seconds).</param>
/// <param name="RenderedSeconds">Seconds of the published clip.</param>
/// <param name="Approval">How it was approved (review minutes for a person).</param>
/// <param name="ReviewMinutes">Minutes from review request to decision, 0 for auto-approval.</param>
/// <param name="TimeToPreviewSeconds">Upload to first preview, for the run metrics.</param>
public sealed record CostInput(BriefRunInput Run, string InstanceId, IReadOnlyList<RenderResult> Renders, IReadOnlyList<ClipArtifact> Encodes, double RenderedSeconds, ApprovalOutcome Approval, double ReviewMinutes = 0, double? TimeToPreviewSeconds = null);

/// <summary>What publishing needs.</summary>
/// <param name="Run">The run input.</param>
/// <param name="InstanceId">The run.</param>
/// <param name="Version">Clip version.</param>
/// <param name="Brief">The validated brief.</param>
/// <param name="Screening">The policy decision.</param>
/// <param name="Safety">The final clip's safety check.</param>
/// <param name="Final">The final clip.</param>
/// <param name="Render">The final render's chunk results.</param>
/// <param name="Approval">The approval.</param>
/// <param name="Cost">The cost summary.</param>
public sealed record PublishInput(
    BriefRunInput Run, string InstanceId, int Version, ValidatedBrief Brief, PolicyDecision Screening, ClipSafety Safety, ClipArtifact Final, RenderResult Render,
    ApprovalOutcome Approval, RunCost Cost);

/// <summary>The CMS notification to send.</summary>
/// <param name="Run">The run input.</param>
/// <param name="InstanceId">The run.</param>
/// <param name="Version">Clip version.</param>
/// <param name="CallbackUrl">The brief's callback URL.</param>
/// <param name="Published">What was published.</param>
/// <param name="PublishedAt">When (orchestration time).</param>
public sealed record NotifyCmsInput(BriefRunInput Run, string InstanceId, int Version, string CallbackUrl, PublishedRun Published, DateTime PublishedAt);
