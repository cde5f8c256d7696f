using Microsoft.DurableTask.Client;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;
using VideoGen.Workflow.Tests.Fakes;

namespace VideoGen.Workflow.Tests;

/// <summary>Suspend, resume and terminate a run mid-way through the <see cref="DurableTaskClient"/> operators use.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class LifecycleControlTests(WorkflowHostFixture fixture, ITestOutputHelper output) : WorkflowTestBase(fixture, output)
{
    [Fact]
    public async Task Suspend_WhileAwaitingReview_SuspendedThenResumedRunningThenPublished()
    {
        TestRun run = await Host.StartRunAsync(new WorkflowScript { Settings = TestRuns.Settings(alwaysReview: true) });
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r1");

        await Host.Client.SuspendInstanceAsync(run.Id, "operator pause");
        OrchestrationMetadata suspended = await Host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Suspended);
        Assert.Equal(RunStages.Approve, suspended.ReadCustomStatusAs<RunStatus>()!.Stage);

        await Host.Client.ResumeInstanceAsync(run.Id, "operator resume");
        await Host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Running); // still waiting for the reviewer
        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Approve, "r1");

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));
        Assert.Equal("published", result.Outcome);
        Assert.Equal(TestRuns.Reviewer, result.Approval!.Approver);
    }

    [Fact]
    public async Task Suspend_DecisionRaisedWhileSuspended_HeldUntilResumed()
    {
        TestRun run = await Host.StartRunAsync(new WorkflowScript { Settings = TestRuns.Settings(alwaysReview: true) });
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r1");
        await Host.Client.SuspendInstanceAsync(run.Id);
        await Host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Suspended);

        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Approve, "r1");
        await Host.WaitForEventsInHistoryAsync(run.Id, WorkflowNames.ApprovalDecision, 1);

        // The engine has the decision, but a suspended run does not act on it.
        OrchestrationMetadata held = (await Host.Client.GetInstancesAsync(run.Id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, held.RuntimeStatus);
        Assert.Equal(RunStages.Approve, held.ReadCustomStatusAs<RunStatus>()!.Stage);
        Assert.DoesNotContain(run.Script.Submissions, s => s.Tier == Contracts.Gpu.GpuTier.Batch);

        await Host.Client.ResumeInstanceAsync(run.Id);

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));
        Assert.Equal("published", result.Outcome);
        Assert.Equal("human", result.Approval!.Mode);
    }

    [Fact]
    public async Task Terminate_WhileChunksRender_InstanceTerminatedAndGoesNoFurther()
    {
        // No chunk ever reports: the run sits in its preview render until an operator terminates it.
        var script = new WorkflowScript { ChunkResults = (_, _) => [] };
        TestRun run = await Host.StartRunAsync(script);
        await Host.WaitForStageAsync(run.Id, RunStages.RenderPreview);
        await Host.WaitUntilAsync(() => script.Submissions.Count == TestRuns.ChunkCount, "every preview chunk to be submitted");

        await Host.Client.TerminateInstanceAsync(run.Id, new TerminateInstanceOptions("cancelled by the test", Recursive: true));

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Contains("cancelled by the test", done.SerializedOutput, StringComparison.Ordinal);
        Assert.Equal(0, script.CallCount(nameof(AssembleClip)));
        Assert.Equal(0, script.CallCount(nameof(PublishRun)));

        // Recursive: the render sub-orchestration stops with the run (as the management API terminates), so it does not
        // go on resubmitting GPU jobs at its deadlines.
        string render = $"{run.Id}:preview:v1";
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await Host.WaitForCompletionAsync(render)).RuntimeStatus);
    }
}
