using VideoGen.Contracts.Gpu;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;
using VideoGen.Workflow.Tests.Fakes;

namespace VideoGen.Workflow.Tests;

/// <summary>
/// A rejection with feedback re-renders the preview as the next version — every chunk, or only the chunks the
/// reviewer named — and opens the next approval round, a bounded number of times.
/// </summary>
[Collection(RerendersCollection.Name)]
public sealed class RerenderBranchTests(WorkflowHostFixture fixture, ITestOutputHelper output) : WorkflowTestBase(fixture, output)
{
    private static readonly int[] AllChunks = [.. Enumerable.Range(0, TestRuns.ChunkCount)];

    [Fact]
    public async Task Approval_RejectedWithFeedback_AllChunksRerenderedAsVersion2ThenPublished()
    {
        TestRun run = await Host.StartRunAsync(new WorkflowScript { Settings = TestRuns.Settings(alwaysReview: true) });
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r1");

        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Reject, "r1", feedback: "warmer light, please");
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r2");
        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Approve, "r2");

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));
        Assert.Equal("published", result.Outcome);
        Assert.Equal("v2", result.Published!.Version);
        Assert.Equal("r2", result.Approval!.Round);
        Assert.Equal(AllChunks.Select(c => (2, c, 1)), run.Script.Jobs($"{run.Id}:preview:v2"));
        Assert.Equal(AllChunks.Select(c => (2, c, 1)), run.Script.Jobs($"{run.Id}:final:v2"));
        Assert.Empty(run.Script.Jobs($"{run.Id}:final:v1"));
        Assert.Equal(["r1", "r2"], run.Script.Inputs<ApprovalRequestInput>(nameof(RequestApproval)).Select(r => r.Round));
        Assert.Equal(2, Assert.Single(run.Script.Inputs<PublishInput>(nameof(PublishRun))).Version);
    }

    [Fact]
    public async Task Approval_RejectedNamingChunks_OnlyThoseChunksRerendered()
    {
        TestRun run = await Host.StartRunAsync(new WorkflowScript { Settings = TestRuns.Settings(alwaysReview: true) });
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r1");

        // Out-of-range and repeated indices are dropped: chunks 1 and 3 of 0–3.
        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Reject, "r1", feedback: "the lamp flickers", chunks: [3, 1, 3, 9]);
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r2");

        Assert.Equal([(2, 1, 1), (2, 3, 1)], run.Script.Jobs($"{run.Id}:preview:v2"));
        AssembleInput preview2 = run.Script.Inputs<AssembleInput>(nameof(AssembleClip)).Single(a => a.Tier == GpuTier.Interactive && a.Version == 2);
        Assert.Equal(
            AllChunks.Select(c => $"{run.Id}:preview:v{(c is 1 or 3 ? 2 : 1)}/c{c}/a1"),
            preview2.Chunks.Select(r => r.JobId)); // the new chunks blended with the kept ones

        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Approve, "r2");
        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));
        Assert.Equal("v2", result.Published!.Version);
        Assert.Equal(AllChunks.Select(c => (2, c, 1)), run.Script.Jobs($"{run.Id}:final:v2"));
    }

    [Fact]
    public async Task Approval_RejectedWithFeedbackPastMaxRerenders_RunRejected()
    {
        var script = new WorkflowScript { Settings = TestRuns.Settings(alwaysReview: true) with { MaxRerenders = 1 } };
        TestRun run = await Host.StartRunAsync(script);
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r1");
        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Reject, "r1", feedback: "warmer");
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r2");

        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Reject, "r2", feedback: "still too cold");

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));
        Assert.Equal("rejected", result.Outcome);
        Assert.Equal(["still too cold"], result.Approval!.Reasons);
        Assert.Equal("r2", result.Approval.Round);
        Assert.Empty(run.Script.Jobs($"{run.Id}:preview:v3"));
        Assert.Equal(0, run.Script.CallCount(nameof(PublishRun)));
    }
}
