using Microsoft.Azure.Functions.Worker;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.FunctionApp.Workflow;

/// <summary>
/// The activity triggers: one per class of <see cref="WorkflowRegistration.Activities"/>, named after it, with its input
/// and output types; each hands over to <see cref="ActivityRunner"/>. A test checks that every activity class has
/// exactly one wrapper here and that the types match.
/// </summary>
public static class ActivityFunctions
{
    /// <summary>Runs <see cref="LoadRunSettings"/>.</summary>
    [Function(nameof(LoadRunSettings))]
    public static Task<RunSettings> RunLoadRunSettings([ActivityTrigger] string? input, FunctionContext context) =>
        ActivityRunner.RunAsync<LoadRunSettings, string?, RunSettings>(input, context);

    /// <summary>Runs <see cref="ValidateBrief"/>.</summary>
    [Function(nameof(ValidateBrief))]
    public static Task<ValidatedBrief> RunValidateBrief([ActivityTrigger] BriefRunInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<ValidateBrief, BriefRunInput, ValidatedBrief>(input, context);

    /// <summary>Runs <see cref="ScreenBrief"/>.</summary>
    [Function(nameof(ScreenBrief))]
    public static Task<PolicyDecision> RunScreenBrief([ActivityTrigger] Brief input, FunctionContext context) =>
        ActivityRunner.RunAsync<ScreenBrief, Brief, PolicyDecision>(input, context);

    /// <summary>Runs <see cref="CheckClipSafety"/>.</summary>
    [Function(nameof(CheckClipSafety))]
    public static Task<ClipSafety> RunCheckClipSafety([ActivityTrigger] ClipArtifact input, FunctionContext context) =>
        ActivityRunner.RunAsync<CheckClipSafety, ClipArtifact, ClipSafety>(input, context);

    /// <summary>Runs <see cref="RequestApproval"/>.</summary>
    [Function(nameof(RequestApproval))]
    public static Task<IReadOnlyDictionary<string, string>> RunRequestApproval([ActivityTrigger] ApprovalRequestInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<RequestApproval, ApprovalRequestInput, IReadOnlyDictionary<string, string>>(input, context);

    /// <summary>Runs <see cref="SendApprovalReminder"/>.</summary>
    [Function(nameof(SendApprovalReminder))]
    public static Task<bool> RunSendApprovalReminder([ActivityTrigger] ApprovalRequestInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<SendApprovalReminder, ApprovalRequestInput, bool>(input, context);

    /// <summary>Runs <see cref="RecordCosts"/>.</summary>
    [Function(nameof(RecordCosts))]
    public static Task<RunCost> RunRecordCosts([ActivityTrigger] CostInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<RecordCosts, CostInput, RunCost>(input, context);

    /// <summary>Runs <see cref="PublishRun"/>.</summary>
    [Function(nameof(PublishRun))]
    public static Task<PublishedRun> RunPublishRun([ActivityTrigger] PublishInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<PublishRun, PublishInput, PublishedRun>(input, context);

    /// <summary>Runs <see cref="NotifyCms"/>.</summary>
    [Function(nameof(NotifyCms))]
    public static Task<bool> RunNotifyCms([ActivityTrigger] NotifyCmsInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<NotifyCms, NotifyCmsInput, bool>(input, context);

    /// <summary>Runs <see cref="RecordAudit"/>.</summary>
    [Function(nameof(RecordAudit))]
    public static Task<bool> RunRecordAudit([ActivityTrigger] AuditInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<RecordAudit, AuditInput, bool>(input, context);

    /// <summary>Runs <see cref="EmitLifecycleEvent"/>.</summary>
    [Function(nameof(EmitLifecycleEvent))]
    public static Task<bool> RunEmitLifecycleEvent([ActivityTrigger] LifecycleInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<EmitLifecycleEvent, LifecycleInput, bool>(input, context);

    /// <summary>Runs <see cref="PrepareAssets"/>.</summary>
    [Function(nameof(PrepareAssets))]
    public static Task<PreparedAssets> RunPrepareAssets([ActivityTrigger] PrepareInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<PrepareAssets, PrepareInput, PreparedAssets>(input, context);

    /// <summary>Runs <see cref="SubmitChunkJob"/>.</summary>
    [Function(nameof(SubmitChunkJob))]
    public static Task<string> RunSubmitChunkJob([ActivityTrigger] ChunkJobRequest input, FunctionContext context) =>
        ActivityRunner.RunAsync<SubmitChunkJob, ChunkJobRequest, string>(input, context);

    /// <summary>Runs <see cref="AssembleClip"/>.</summary>
    [Function(nameof(AssembleClip))]
    public static Task<ClipArtifact> RunAssembleClip([ActivityTrigger] AssembleInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<AssembleClip, AssembleInput, ClipArtifact>(input, context);
}
