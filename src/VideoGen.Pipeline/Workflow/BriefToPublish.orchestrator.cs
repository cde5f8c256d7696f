using Microsoft.Extensions.Logging;
using VideoGen.Durable;
using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Workflow;

/// <summary>
/// One brief-to-publish run (DESIGN §3). Today: validate → screen → plan. Rendering, assembly, checks, approval,
/// final render and publishing are the next steps (issue 5); until then the run ends with its plan, and says so.
/// Deterministic: it replays over its history, so it reads time and ids only from the context.
/// </summary>
public sealed class BriefToPublish : TaskOrchestrator<BriefRunInput, RunResult>
{
    /// <inheritdoc />
    public override async Task<RunResult> RunAsync(TaskOrchestrationContext context, BriefRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ILogger log = context.CreateReplaySafeLogger<BriefToPublish>();
        try
        {
            // 2. Validate the brief and its product image (a rejection is recorded beside the upload).
            context.SetCustomStatus(new RunStatus(RunStages.Validate, 5, 0, 0, "Validating the brief and product image"));
            ValidatedBrief brief = await context.CallActivityAsync<ValidatedBrief>(nameof(ValidateBrief), input);

            // 3. Screen every text a viewer sees: blocklist → reject; sensitive categories → a person must review.
            context.SetCustomStatus(new RunStatus(RunStages.Screen, 10, 0, 0, "Screening prompts against the policy"));
            PolicyDecision screening = await context.CallActivityAsync<PolicyDecision>(nameof(ScreenBrief), brief.Brief);
            if (screening.Verdict == PolicyVerdict.Reject)
            {
                throw new RunFailedException("prompt.blocked",
                    $"The brief was blocked by policy {screening.PolicyVersion}: " + string.Join("; ", screening.Findings.Select(f => $"{f.Pointer}: {f.Rule}")));
            }

            // 5. Plan overlapping chunks so no inference needs the whole clip.
            ChunkPlan plan = ChunkPlanner.Plan(brief.Brief);
            log.LogInformation("Run {InstanceId}: {Frames} frames in {Chunks} chunks; screening {Verdict}", context.InstanceId, plan.TotalFrames, plan.Chunks.Count, screening.Verdict);
            context.SetCustomStatus(new RunStatus(RunStages.Planned, 100, 0, plan.Chunks.Count,
                $"Planned {plan.Chunks.Count} chunks of up to {plan.ChunkFrames} frames; rendering is not wired yet"));
            return new RunResult(context.InstanceId, RunStages.Planned, $"{input.Tenant}/{input.BriefId}", screening, plan,
                "Rendering, assembly, review and publishing are not wired into the run yet (issue 5).");
        }
        catch (Exception ex) when (Code(ex) is { } code)
        {
            context.SetCustomStatus(new RunStatus(RunStages.Failed, 100, 0, 0, Message(ex), code));
            throw new RunFailedException(code, Message(ex));
        }
    }

    /// <summary>The stable code of a failure that ends the run: from the exception itself or from a failed activity.</summary>
    private static string? Code(Exception ex) => ex switch
    {
        RunFailedException r => r.Code,
        TaskFailedException t when t.FailureDetails.IsCausedBy<RunFailedException>() => t.FailureDetails.ErrorMessage.Split(':')[0],
        _ => null,
    };

    private static string Message(Exception ex) => ex switch
    {
        RunFailedException r => r.Message[(r.Code.Length + 2)..],
        TaskFailedException t => t.FailureDetails.ErrorMessage[(t.FailureDetails.ErrorMessage.IndexOf(':', StringComparison.Ordinal) + 2)..],
        _ => ex.Message,
    };
}
