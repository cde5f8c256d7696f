using Microsoft.Extensions.Logging;
using VideoGen.Contracts.Gpu;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Workflow;

/// <summary>
/// One brief-to-publish run, step by step as DESIGN §3 tells it: validate → screen → prepare → plan → render the
/// preview (GPU fan-out) → assemble → check → approve (auto, or a person by link, with a reminder and a timeout; a
/// rejection with feedback re-renders) → render the final → publish with provenance → notify → account. Every step
/// appends to the audit trail. Deterministic: it replays over its history, so time and ids come from the context.
/// </summary>
public sealed class BriefToPublish : TaskOrchestrator<BriefRunInput, RunResult>
{
    /// <inheritdoc />
    public override async Task<RunResult> RunAsync(TaskOrchestrationContext context, BriefRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = new RunContext(context, input);
        try
        {
            return await RunStepsAsync(run);
        }
        catch (Exception ex) when (Failure(ex) is ({ } code, { } message))
        {
            context.SetCustomStatus(new RunStatus(RunStages.Failed, 100, 0, 0, message, code, run.TimeToPreview));
            await run.AuditAsync("failed", ("code", code), ("message", message));
            await run.LifecycleAsync(LifecycleEventType.Failed, run.Version, $"{code}: {message}");
            throw new RunFailedException(code, message);
        }
    }

    private static async Task<RunResult> RunStepsAsync(RunContext run)
    {
        TaskOrchestrationContext context = run.Context;
        BriefRunInput input = run.Input;
        ILogger log = context.CreateReplaySafeLogger<BriefToPublish>();
        RunSettings settings = await context.CallActivityAsync<RunSettings>(nameof(LoadRunSettings));
        await run.LifecycleAsync(LifecycleEventType.Started, 1, null);

        // 2. Validate the brief and its product image (a rejection is recorded beside the upload).
        run.Status(RunStages.Validate, 2, "Validating the brief and product image");
        ValidatedBrief brief = await context.CallActivityAsync<ValidatedBrief>(nameof(ValidateBrief), input, RunContext.StorageRetry);
        run.Title = brief.Brief.Title;
        await run.AuditAsync("validated", ("briefSha256", brief.BriefSha256), ("imageSha256", brief.ImageSha256), ("image", $"{brief.Image.Format} {brief.Image.Width}x{brief.Image.Height}"));

        // 3. Screen every text a viewer sees: blocklist → reject; sensitive categories → a person must review.
        run.Status(RunStages.Screen, 4, "Screening prompts against the policy");
        PolicyDecision screening = await context.CallActivityAsync<PolicyDecision>(nameof(ScreenBrief), brief.Brief, RunContext.StorageRetry);
        await run.AuditAsync("screened", ("policyVersion", screening.PolicyVersion), ("verdict", screening.Verdict.ToString()),
            ("findings", string.Join("; ", screening.Findings.Select(f => $"{f.Pointer}:{f.Category}:{f.Rule}"))));
        if (screening.Verdict == PolicyVerdict.Reject)
        {
            throw new RunFailedException("prompt.blocked",
                $"The brief was blocked by policy {screening.PolicyVersion}: " + string.Join("; ", screening.Findings.Select(f => $"{f.Pointer} matched {f.Rule} ({f.Category})")));
        }

        // 4–5. Prepare the product (mask, raw inputs, thumbnail) and plan overlapping chunks.
        run.Status(RunStages.Prepare, 6, "Preparing the product photo and mask");
        PreparedAssets assets = await context.CallActivityAsync<PreparedAssets>(nameof(PrepareAssets), new PrepareInput(input, brief), RunContext.StorageRetry);
        ChunkPlan plan = ChunkPlanner.Plan(brief.Brief);
        await run.AuditAsync("planned", ("frames", plan.TotalFrames.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("chunks", plan.Chunks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("maskFromAlpha", assets.MaskFromAlpha.ToString()));

        // 6–9. Preview, check, approve — again after a rejection with feedback, a bounded number of times.
        var all = plan.Chunks.Select(c => c.Index).ToList();
        List<int> toRender = all;
        var previewChunks = new Dictionary<int, GpuJobResult>();
        var renders = new List<RenderResult>();
        var encodes = new List<ClipArtifact>();
        ApprovalOutcome? approval = null;
        while (approval is null)
        {
            run.Status(RunStages.RenderPreview, 10, $"Rendering {toRender.Count} preview chunks", plan.Chunks.Count, render: RenderInstanceId(run, GpuTier.Interactive));
            RenderResult rendered = await RenderAsync(run, brief, assets, plan, GpuTier.Interactive, toRender, settings);
            renders.Add(rendered);
            foreach (GpuJobResult r in rendered.Chunks)
            {
                previewChunks[r.ChunkIndex!.Value] = r;
            }

            run.Status(RunStages.AssemblePreview, 45, "Blending seams, compositing the product, encoding the preview", plan.Chunks.Count);
            ClipArtifact preview = await context.CallActivityAsync<ClipArtifact>(nameof(AssembleClip),
                new AssembleInput(input, brief, assets, plan, GpuTier.Interactive, [.. previewChunks.Values.OrderBy(r => r.ChunkIndex)], run.Version), RunContext.StorageRetry);
            encodes.Add(preview);
            run.PreviewBlob = preview.VideoBlob;
            run.TimeToPreview ??= (context.CurrentUtcDateTime - input.ReceivedAt.UtcDateTime).TotalSeconds;
            await run.LifecycleAsync(LifecycleEventType.PreviewReady, run.Version, null);

            run.Status(RunStages.Check, 55, "Checking sampled frames and frame QA", plan.Chunks.Count);
            ClipSafety safety = await context.CallActivityAsync<ClipSafety>(nameof(CheckClipSafety), preview);
            await run.AuditAsync("checked", ("safety", safety.Summary), ("checked", safety.Checked.ToString()),
                ("qa", string.Join("; ", preview.Qa.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value:0.###}"))));
            if (safety.Decision == SafetyDecision.Block)
            {
                throw new RunFailedException("clip.blocked", $"Content safety blocked the preview: {safety.Summary}.");
            }

            IReadOnlyList<string> reviewReasons = ApprovalRules.ReviewReasons(brief, screening, safety, preview, settings);
            string round = $"r{run.Version}";
            if (reviewReasons.Count == 0)
            {
                approval = new ApprovalOutcome("auto", ["template, screening, safety and QA rules all passed"], null, context.CurrentUtcDateTime, round);
                await run.AuditAsync("approved", ("mode", "auto"), ("round", round));
                break;
            }

            ApprovalDecision? decision = await WaitForReviewAsync(run, brief, preview, safety, reviewReasons, round, settings);
            if (decision is null)
            {
                await run.AuditAsync("rejected", ("mode", "timeout"), ("round", round));
                await run.LifecycleAsync(LifecycleEventType.Rejected, run.Version, "approval timed out");
                return Rejected(run, screening, plan, renders, encodes, new ApprovalOutcome("timeout", ["no decision before the approval timeout"], null, context.CurrentUtcDateTime, round));
            }

            await run.AuditAsync(decision.Decision == ApprovalDecisionKind.Approve ? "approved" : "rejected", ("mode", "human"), ("approver", decision.Approver),
                ("round", decision.Round), ("feedback", decision.Feedback ?? ""));
            if (decision.Decision == ApprovalDecisionKind.Approve)
            {
                approval = new ApprovalOutcome("human", reviewReasons, decision.Approver, decision.DecidedAt, round);
                await run.LifecycleAsync(LifecycleEventType.Approved, run.Version, null);
                break;
            }

            var outcome = new ApprovalOutcome("rejected", [decision.Feedback ?? "rejected without feedback"], decision.Approver, decision.DecidedAt, round);
            await run.LifecycleAsync(LifecycleEventType.Rejected, run.Version, decision.Feedback);
            if (string.IsNullOrWhiteSpace(decision.Feedback) || run.Version > settings.MaxRerenders)
            {
                return Rejected(run, screening, plan, renders, encodes, outcome);
            }

            // A rejection with feedback re-renders the chunks it names (or all), as a new version.
            run.Version++;
            toRender = decision.RerenderChunks is { Count: > 0 } named ? [.. named.Where(c => c >= 0 && c < plan.Chunks.Count).Distinct().Order()] : all;
            log.LogInformation("Run {InstanceId}: re-rendering chunks {Chunks} as version {Version}", context.InstanceId, string.Join(",", toRender), run.Version);
        }

        // 10. Final render on the batch tier at full quality, checked again.
        run.Status(RunStages.RenderFinal, 65, $"Rendering {plan.Chunks.Count} final chunks", plan.Chunks.Count, render: RenderInstanceId(run, GpuTier.Batch));
        RenderResult final = await RenderAsync(run, brief, assets, plan, GpuTier.Batch, all, settings);
        renders.Add(final);
        ClipArtifact finalClip = await context.CallActivityAsync<ClipArtifact>(nameof(AssembleClip),
            new AssembleInput(input, brief, assets, plan, GpuTier.Batch, final.Chunks, run.Version), RunContext.StorageRetry);
        encodes.Add(finalClip);
        ClipSafety finalSafety = await context.CallActivityAsync<ClipSafety>(nameof(CheckClipSafety), finalClip);
        if (finalSafety.Decision == SafetyDecision.Block)
        {
            throw new RunFailedException("clip.blocked", $"Content safety blocked the final render: {finalSafety.Summary}.");
        }

        // 12 (accounting first, so the manifest carries the cost). 11. Publish with provenance, notify.
        run.Status(RunStages.Publish, 90, "Publishing with a signed provenance manifest", plan.Chunks.Count);
        RunCost cost = await context.CallActivityAsync<RunCost>(nameof(RecordCosts),
            new CostInput(input, context.InstanceId, renders, encodes, finalClip.DurationSeconds, approval, run.ReviewMinutes, run.TimeToPreview), RunContext.StorageRetry);
        PublishedRun published = await context.CallActivityAsync<PublishedRun>(nameof(PublishRun),
            new PublishInput(input, context.InstanceId, run.Version, brief, screening, finalSafety, finalClip, final, approval, cost), RunContext.StorageRetry);
        await run.AuditAsync("published", ("version", published.Version), ("video", published.VideoBlob), ("manifestSha256", published.ManifestSha256));
        if (brief.Brief.CmsCallback is { } callback)
        {
            await context.CallActivityAsync<bool>(nameof(NotifyCms), new NotifyCmsInput(input, context.InstanceId, run.Version, callback.Url.AbsoluteUri, published, context.CurrentUtcDateTime));
            await run.AuditAsync("cms-notified", ("url", callback.Url.GetLeftPart(UriPartial.Path)));
        }

        await run.LifecycleAsync(LifecycleEventType.Published, run.Version, null, published);
        context.SetCustomStatus(new RunStatus(RunStages.Done, 100, plan.Chunks.Count, plan.Chunks.Count, $"Published {published.Version}", null, run.TimeToPreview, (double)cost.Total, Title: run.Title));
        return new RunResult(context.InstanceId, "published", $"{input.Tenant}/{input.BriefId}", screening, plan, approval, published, run.TimeToPreview,
            renders.SelectMany(r => r.Chunks).Sum(c => c.DeviceSeconds), encodes.Sum(e => e.EncodeSeconds), cost);
    }

    private static Task<RenderResult> RenderAsync(RunContext run, ValidatedBrief brief, PreparedAssets assets, ChunkPlan plan, GpuTier tier, IReadOnlyList<int> chunks, RunSettings settings) =>
        run.Context.CallSubOrchestratorAsync<RenderResult>(nameof(RenderChunks),
            new RenderChunksInput(run.Input, brief, assets, plan, tier, run.Version, chunks, settings),
            new SubOrchestrationOptions { InstanceId = RenderInstanceId(run, tier) });

    /// <summary>
    /// The render sub-orchestration of this version and tier: <c>{id}:preview:v1</c>. Its custom status counts the
    /// chunks done; the run's status names it (<see cref="RunStatus.RenderInstance"/>) so the status API can show them.
    /// </summary>
    private static string RenderInstanceId(RunContext run, GpuTier tier) =>
        $"{run.Context.InstanceId}:{(tier == GpuTier.Interactive ? "preview" : "final")}:v{run.Version}";

    /// <summary>Sends the review links, waits half the timeout, reminds, waits the rest; null when nobody decided.</summary>
    private static async Task<ApprovalDecision?> WaitForReviewAsync(
        RunContext run, ValidatedBrief brief, ClipArtifact preview, ClipSafety safety, IReadOnlyList<string> reasons, string round, RunSettings settings)
    {
        TaskOrchestrationContext context = run.Context;
        DateTime requestedAt = context.CurrentUtcDateTime;
        DateTime expires = requestedAt + settings.ApprovalTimeout;
        var request = new ApprovalRequestInput(run.Input, context.InstanceId, brief.Brief.Title, brief.Brief.Template.ToString(), brief.Brief.Approvers.Select(a => a.Email).ToList(),
            round, preview, safety.Summary, reasons, new DateTimeOffset(expires, TimeSpan.Zero), settings.PublicBaseUrl);
        IReadOnlyDictionary<string, string> links = await context.CallActivityAsync<IReadOnlyDictionary<string, string>>(nameof(RequestApproval), request);
        await run.AuditAsync("review-requested", ("round", round), ("reasons", string.Join("; ", reasons)), ("approvers", string.Join(",", links.Keys)));
        await run.LifecycleAsync(LifecycleEventType.ReviewRequested, run.Version, string.Join("; ", reasons));
        run.Status(RunStages.Approve, 60, $"Waiting for a reviewer ({string.Join("; ", reasons)})", 0, round, links);

        Task<ApprovalDecision> decided = context.WaitForExternalEvent<ApprovalDecision>(WorkflowNames.ApprovalDecision);
        for (int half = 0; half < 2; half++)
        {
            using var cts = new CancellationTokenSource();
            Task timer = context.CreateTimer(half == 0 ? context.CurrentUtcDateTime + (settings.ApprovalTimeout / 2) : expires, cts.Token);
            while (await Task.WhenAny(decided, timer) == decided)
            {
                ApprovalDecision d = await decided;
                if (d.Round == round)
                {
                    cts.Cancel();
                    run.ReviewMinutes += Math.Max(0, (d.DecidedAt.UtcDateTime - requestedAt).TotalMinutes);
                    return d;
                }

                decided = context.WaitForExternalEvent<ApprovalDecision>(WorkflowNames.ApprovalDecision); // a stale round's decision: ignore it
            }

            if (half == 0)
            {
                await context.CallActivityAsync(nameof(SendApprovalReminder), request);
                await run.AuditAsync("review-reminded", ("round", round));
            }
        }

        return null;
    }

    private static RunResult Rejected(RunContext run, PolicyDecision screening, ChunkPlan plan, List<RenderResult> renders, List<ClipArtifact> encodes, ApprovalOutcome outcome)
    {
        run.Context.SetCustomStatus(new RunStatus(RunStages.Rejected, 100, 0, plan.Chunks.Count, $"Rejected: {string.Join("; ", outcome.Reasons)}", null, run.TimeToPreview, Title: run.Title));
        return new RunResult(run.Context.InstanceId, "rejected", $"{run.Input.Tenant}/{run.Input.BriefId}", screening, plan, outcome, null, run.TimeToPreview,
            renders.SelectMany(r => r.Chunks).Sum(c => c.DeviceSeconds), encodes.Sum(e => e.EncodeSeconds), null);
    }

    /// <summary>
    /// The stable code and message of a failure that ends the run: from the exception itself, from a failed activity or
    /// sub-orchestration that threw one (found down the failure chain), or <c>step.failed.{task}</c> for any other
    /// failed step. Null for anything else, which fails the run as it is.
    /// </summary>
    private static (string Code, string Message)? Failure(Exception ex)
    {
        switch (ex)
        {
            case RunFailedException r:
                return (r.Code, RunFailedException.Split(r.Message).Message);
            case TaskFailedException t:
                TaskFailureDetails d = Innermost(t.FailureDetails);
                return d.ErrorType == typeof(RunFailedException).FullName
                    ? RunFailedException.Split(d.ErrorMessage)
                    : ($"step.failed.{t.TaskName}", $"{t.TaskName} failed: {d.ErrorMessage}");
            default:
                return null;
        }
    }

    /// <summary>A sub-orchestration's failure wraps the failure of the step inside it: find the run failure in the chain.</summary>
    private static TaskFailureDetails Innermost(TaskFailureDetails d)
    {
        for (TaskFailureDetails? x = d; x is not null; x = x.InnerFailure)
        {
            if (x.ErrorType == typeof(RunFailedException).FullName)
            {
                return x;
            }
        }

        return d;
    }
}
