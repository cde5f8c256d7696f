using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.FunctionApp.Workflow;

/// <summary>
/// The orchestration triggers: each runs a workflow class of <see cref="WorkflowRegistration.Orchestrators"/> under
/// its class name (no source generator is served, so the wrappers are written out).
/// </summary>
public static class OrchestratorFunctions
{
    /// <summary>Runs <see cref="BriefToPublish"/>.</summary>
    [Function(nameof(BriefToPublish))]
    public static Task<RunResult> RunBriefToPublish([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new BriefToPublish().RunAsync(context, context.GetInput<BriefRunInput>()!);

    /// <summary>Runs <see cref="RenderChunks"/>.</summary>
    [Function(nameof(RenderChunks))]
    public static Task<RenderResult> RunRenderChunks([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RenderChunks().RunAsync(context, context.GetInput<RenderChunksInput>()!);
}
