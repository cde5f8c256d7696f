using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using VideoGen.Contracts.Gpu;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Workflow.Tests.Fakes;

/// <summary>
/// One small fake per workflow activity, registered under the real activity's name. Each records its call in the
/// run's <see cref="WorkflowScript"/>, throws what the script says for that call, else answers from the script.
/// </summary>
public static class FakeActivities
{
    /// <summary>Real activity name → its fake.</summary>
    public static IReadOnlyDictionary<string, Type> ByName { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [nameof(LoadRunSettings)] = typeof(FakeLoadRunSettings),
        [nameof(ValidateBrief)] = typeof(FakeValidateBrief),
        [nameof(ScreenBrief)] = typeof(FakeScreenBrief),
        [nameof(PrepareAssets)] = typeof(FakePrepareAssets),
        [nameof(SubmitChunkJob)] = typeof(FakeSubmitChunkJob),
        [nameof(AssembleClip)] = typeof(FakeAssembleClip),
        [nameof(CheckClipSafety)] = typeof(FakeCheckClipSafety),
        [nameof(RequestApproval)] = typeof(FakeRequestApproval),
        [nameof(SendApprovalReminder)] = typeof(FakeSendApprovalReminder),
        [nameof(RecordCosts)] = typeof(FakeRecordCosts),
        [nameof(PublishRun)] = typeof(FakePublishRun),
        [nameof(NotifyCms)] = typeof(FakeNotifyCms),
        [nameof(RecordAudit)] = typeof(FakeRecordAudit),
        [nameof(EmitLifecycleEvent)] = typeof(FakeEmitLifecycleEvent),
    };

    /// <summary>Finds the run's script, records the call, throws the scripted failure, else answers.</summary>
    private abstract class Fake<TIn, TOut>(WorkflowScripts scripts) : TaskActivity<TIn, TOut>
    {
        public sealed override async Task<TOut> RunAsync(TaskActivityContext context, TIn input)
        {
            WorkflowScript script = scripts.For(context.InstanceId);
            if (script.Record(context.Name.Name, input) is { } failure)
            {
                throw failure;
            }

            return await AnswerAsync(script, context, input);
        }

        protected virtual Task<TOut> AnswerAsync(WorkflowScript script, TaskActivityContext context, TIn input) => Task.FromResult(Answer(script, context, input));

        protected virtual TOut Answer(WorkflowScript script, TaskActivityContext context, TIn input) => throw new NotSupportedException();
    }

    private sealed class FakeLoadRunSettings(WorkflowScripts scripts) : Fake<string?, RunSettings>(scripts)
    {
        protected override RunSettings Answer(WorkflowScript script, TaskActivityContext context, string? input) => script.Settings;
    }

    private sealed class FakeValidateBrief(WorkflowScripts scripts) : Fake<BriefRunInput, ValidatedBrief>(scripts)
    {
        protected override ValidatedBrief Answer(WorkflowScript script, TaskActivityContext context, BriefRunInput input) => new(
            script.Brief, new ProductImageInfo("png", 1024, 1024, true), $"{input.Tenant}/{input.BriefId}/{script.Brief.ProductImage}",
            new string('a', 64), new string('b', 64), 1200, 48_000);
    }

    private sealed class FakeScreenBrief(WorkflowScripts scripts) : Fake<Brief, PolicyDecision>(scripts)
    {
        protected override PolicyDecision Answer(WorkflowScript script, TaskActivityContext context, Brief input) => script.Screening;
    }

    private sealed class FakePrepareAssets(WorkflowScripts scripts) : Fake<PrepareInput, PreparedAssets>(scripts)
    {
        protected override PreparedAssets Answer(WorkflowScript script, TaskActivityContext context, PrepareInput input)
        {
            string prefix = $"work/{input.Run.Tenant}/{context.InstanceId}";
            return new PreparedAssets("work", prefix, $"{prefix}/product.rgba", $"{prefix}/product.mask", 1024, 1024, true, $"{prefix}/source.jpg",
                new RenderSizes(640, 360, 1280, 720));
        }
    }

    /// <summary>
    /// The GPU pool's front door without a GPU worker: records the job and reports its scripted results at once as
    /// <c>ChunkRendered</c> on the instance the job names (the render sub-orchestration), as the <c>GpuResults</c>
    /// function would. The engine sends an episode's activity messages before it checkpoints the instance, so the
    /// fake first waits for the instance to be there (a real GPU job is never that fast). An event that arrives
    /// before the orchestration knows the job id is buffered by the engine until awaited.
    /// </summary>
    private sealed class FakeSubmitChunkJob(WorkflowScripts scripts, DurableTaskClient client) : Fake<ChunkJobRequest, string>(scripts)
    {
        protected override async Task<string> AnswerAsync(WorkflowScript script, TaskActivityContext context, ChunkJobRequest input)
        {
            string jobId = WorkflowScript.JobId(input);
            IReadOnlyList<GpuJobResult> results = script.ChunkResults(input, jobId);
            if (results.Count > 0)
            {
                using var cts = new CancellationTokenSource(WorkflowHost.HangGuard);
                await client.WaitForInstanceStartAsync(input.InstanceId, cancellation: cts.Token);
                foreach (GpuJobResult result in results)
                {
                    await client.RaiseEventAsync(input.InstanceId, WorkflowNames.ChunkRendered, result, cts.Token);
                }
            }

            return jobId;
        }
    }

    private sealed class FakeAssembleClip(WorkflowScripts scripts) : Fake<AssembleInput, ClipArtifact>(scripts)
    {
        protected override ClipArtifact Answer(WorkflowScript script, TaskActivityContext context, AssembleInput input)
        {
            string name = $"work/{context.InstanceId}/{input.Tier}-v{input.Version}";
            return new ClipArtifact("work", $"{name}.mp4", $"{name}.jpg", [$"{name}-f0.jpg", $"{name}-f1.jpg"],
                input.Plan.TotalFrames / (double)input.Plan.Fps, 640, 360, input.Plan.Fps, 0.5, new string('c', 64), [],
                new Dictionary<string, double> { ["missingFrames"] = 0, ["duplicatedFrames"] = 0, ["maxSeamDiscontinuity"] = 1.5, ["productIoU"] = 0.9 },
                input.Chunks.ToDictionary(c => c.ChunkIndex!.Value, c => c.JobId!));
        }
    }

    private sealed class FakeCheckClipSafety(WorkflowScripts scripts) : Fake<ClipArtifact, ClipSafety>(scripts)
    {
        protected override ClipSafety Answer(WorkflowScript script, TaskActivityContext context, ClipArtifact input) => script.Safety(input);
    }

    private sealed class FakeRequestApproval(WorkflowScripts scripts) : Fake<ApprovalRequestInput, IReadOnlyDictionary<string, string>>(scripts)
    {
        protected override IReadOnlyDictionary<string, string> Answer(WorkflowScript script, TaskActivityContext context, ApprovalRequestInput input) =>
            input.Approvers.ToDictionary(a => a, a => $"{input.PublicBaseUrl}/api/approvals?round={input.Round}&approver={Uri.EscapeDataString(a)}");
    }

    private sealed class FakeSendApprovalReminder(WorkflowScripts scripts) : Fake<ApprovalRequestInput, bool>(scripts)
    {
        protected override bool Answer(WorkflowScript script, TaskActivityContext context, ApprovalRequestInput input) => true;
    }

    private sealed class FakeRecordCosts(WorkflowScripts scripts) : Fake<CostInput, RunCost>(scripts)
    {
        protected override RunCost Answer(WorkflowScript script, TaskActivityContext context, CostInput input) =>
            new("EUR", 3.00m, 0.50m, new Dictionary<string, decimal> { ["GpuSeconds"] = 2.50m, ["EncodeSeconds"] = 0.50m });
    }

    private sealed class FakePublishRun(WorkflowScripts scripts) : Fake<PublishInput, PublishedRun>(scripts)
    {
        protected override PublishedRun Answer(WorkflowScript script, TaskActivityContext context, PublishInput input)
        {
            string folder = $"{input.Run.Tenant}/{input.Run.BriefId}/v{input.Version}";
            var root = new Uri("http://127.0.0.1:10000/devstoreaccount1/published/");
            return new PublishedRun($"v{input.Version}", new Uri(root, $"{folder}/video.mp4"), new Uri(root, $"{folder}/thumb.jpg"),
                new Uri(root, $"{folder}/manifest.json"), $"{folder}/video.mp4", $"{folder}/manifest.json", 123_456, new string('d', 64));
        }
    }

    private sealed class FakeNotifyCms(WorkflowScripts scripts) : Fake<NotifyCmsInput, bool>(scripts)
    {
        protected override bool Answer(WorkflowScript script, TaskActivityContext context, NotifyCmsInput input) => true;
    }

    private sealed class FakeRecordAudit(WorkflowScripts scripts) : Fake<AuditInput, bool>(scripts)
    {
        protected override bool Answer(WorkflowScript script, TaskActivityContext context, AuditInput input) => true;
    }

    private sealed class FakeEmitLifecycleEvent(WorkflowScripts scripts) : Fake<LifecycleInput, bool>(scripts)
    {
        protected override bool Answer(WorkflowScript script, TaskActivityContext context, LifecycleInput input) => true;
    }
}
