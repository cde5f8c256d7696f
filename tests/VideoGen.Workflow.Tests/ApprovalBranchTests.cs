using Microsoft.DurableTask.Client;
using VideoGen.Contracts.Gpu;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;
using VideoGen.Workflow.Tests.Fakes;

namespace VideoGen.Workflow.Tests;

/// <summary>
/// The approval branches of <see cref="BriefToPublish"/> that decide the first round: auto-approval, a reviewer's
/// approval or rejection without feedback, stale rounds, the reminder and the timeout. Rejections with feedback:
/// <see cref="RerenderBranchTests"/>.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class ApprovalBranchTests(WorkflowHostFixture fixture, ITestOutputHelper output) : WorkflowTestBase(fixture, output)
{
    private static readonly int[] AllChunks = [.. Enumerable.Range(0, TestRuns.ChunkCount)];

    [Fact]
    public async Task Run_NoReviewReasons_AutoApprovedAndPublished()
    {
        TestRun run = await Host.StartRunAsync();

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        RunResult result = WorkflowHost.Result(done);
        Assert.Same(WorkflowJson.Converter, done.DataConverter);
        Assert.Equal("published", result.Outcome);
        Assert.Equal(run.Id, result.InstanceId);
        Assert.Equal($"{TestRuns.Tenant}/launch", result.Brief);
        Assert.Equal("auto", result.Approval!.Mode);
        Assert.Equal("r1", result.Approval.Round);
        Assert.Null(result.Approval.Approver);
        Assert.Equal("v1", result.Published!.Version);
        Assert.Equal(3.00m, result.Cost!.Total);
        Assert.Equal(TestRuns.ChunkCount * 2 * 1.5, result.GpuSeconds); // preview + final, 1.5 device-seconds a chunk

        RunStatus status = done.ReadCustomStatusAs<RunStatus>()!;
        Assert.Equal(RunStages.Done, status.Stage);
        Assert.Equal(100, status.Percent);
        Assert.Equal("Aurora lamp launch", status.Title);

        // Nobody was asked; one preview and one final job per chunk, each on its render instance; published and the CMS told once.
        WorkflowScript script = run.Script;
        Assert.Equal(0, script.CallCount(nameof(RequestApproval)));
        Assert.Equal(AllChunks.Select(c => (1, c, 1)), script.Jobs($"{run.Id}:preview:v1"));
        Assert.Equal(AllChunks.Select(c => (1, c, 1)), script.Jobs($"{run.Id}:final:v1"));
        Assert.Equal(TestRuns.ChunkCount * 2, script.Submissions.Count);
        Assert.Equal(1, script.CallCount(nameof(PublishRun)));
        Assert.Equal(1, script.CallCount(nameof(NotifyCms)));
        Assert.Equal(
            [LifecycleEventType.Started, LifecycleEventType.PreviewReady, LifecycleEventType.Published],
            script.Inputs<LifecycleInput>(nameof(EmitLifecycleEvent)).Select(e => e.Type));
        Assert.Contains(script.Inputs<AuditInput>(nameof(RecordAudit)), a => a.Step == "approved" && a.Details["mode"] == "auto");
    }

    [Fact]
    public async Task Approval_ReviewerApprovesRound1_PublishedWithHumanApproval()
    {
        TestRun run = await Host.StartRunAsync(new WorkflowScript { Settings = TestRuns.Settings(alwaysReview: true) });

        RunStatus waiting = (await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r1")).ReadCustomStatusAs<RunStatus>()!;
        Assert.Contains(TestRuns.Reviewer, waiting.ApprovalLinks!.Keys);
        ApprovalRequestInput request = Assert.Single(run.Script.Inputs<ApprovalRequestInput>(nameof(RequestApproval)));
        Assert.Equal("r1", request.Round);
        Assert.Contains(request.Reasons, r => r.Contains("AlwaysReview", StringComparison.Ordinal));
        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Approve, "r1");

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));
        Assert.Equal("published", result.Outcome);
        Assert.Equal("human", result.Approval!.Mode);
        Assert.Equal(TestRuns.Reviewer, result.Approval.Approver);
        Assert.Equal("r1", result.Approval.Round);
        Assert.Equal("v1", result.Published!.Version);
        Assert.Equal(0, run.Script.CallCount(nameof(SendApprovalReminder)));
        Assert.Equal("human", Assert.Single(run.Script.Inputs<PublishInput>(nameof(PublishRun))).Approval.Mode);
        Assert.Contains(run.Script.Inputs<AuditInput>(nameof(RecordAudit)),
            a => a.Step == "approved" && a.Details["mode"] == "human" && a.Details["approver"] == TestRuns.Reviewer);
        Assert.Contains(LifecycleEventType.Approved, run.Script.Inputs<LifecycleInput>(nameof(EmitLifecycleEvent)).Select(e => e.Type));
    }

    [Fact]
    public async Task Approval_RejectedWithoutFeedback_RunRejected()
    {
        TestRun run = await Host.StartRunAsync(new WorkflowScript { Settings = TestRuns.Settings(alwaysReview: true) });
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r1");

        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Reject, "r1");

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);
        RunResult result = WorkflowHost.Result(done);
        Assert.Equal("rejected", result.Outcome);
        Assert.Equal("rejected", result.Approval!.Mode);
        Assert.Equal(TestRuns.Reviewer, result.Approval.Approver);
        Assert.Equal(["rejected without feedback"], result.Approval.Reasons);
        Assert.Null(result.Published);
        Assert.Equal(RunStages.Rejected, done.ReadCustomStatusAs<RunStatus>()!.Stage);
        Assert.DoesNotContain(run.Script.Submissions, s => s.Tier == GpuTier.Batch);
        Assert.Equal(0, run.Script.CallCount(nameof(PublishRun)));
        Assert.Equal(1, run.Script.CallCount(nameof(RequestApproval)));
    }

    [Fact]
    public async Task Approval_StaleRoundDecisions_IgnoredUntilCurrentRoundDecides()
    {
        TestRun run = await Host.StartRunAsync(new WorkflowScript { Settings = TestRuns.Settings(alwaysReview: true) });
        await Host.WaitForStageAsync(run.Id, RunStages.Approve, "r1");

        // An old link's decision and one for a round that is not open: the run takes both in and keeps waiting.
        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Approve, "r0", approver: "old-link@contoso.example");
        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Reject, "r2", approver: "wrong-round@contoso.example");
        await Host.WaitForEventsInHistoryAsync(run.Id, WorkflowNames.ApprovalDecision, 2);
        OrchestrationMetadata still = (await Host.Client.GetInstancesAsync(run.Id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Running, still.RuntimeStatus);
        Assert.Equal((RunStages.Approve, "r1"), (still.ReadCustomStatusAs<RunStatus>()!.Stage, still.ReadCustomStatusAs<RunStatus>()!.ApprovalRound));

        await Host.DecideAsync(run.Id, ApprovalDecisionKind.Approve, "r1");

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));
        Assert.Equal("published", result.Outcome);
        Assert.Equal(TestRuns.Reviewer, result.Approval!.Approver);
        Assert.Equal("r1", result.Approval.Round);
        Assert.Equal(1, run.Script.CallCount(nameof(RequestApproval)));
    }

    [Fact]
    public async Task Approval_NobodyDecides_RemindedAtHalfThenRejectedAtTimeout()
    {
        var script = new WorkflowScript { Settings = TestRuns.Settings(alwaysReview: true) with { ApprovalTimeout = TimeSpan.FromSeconds(4) } };
        TestRun run = await Host.StartRunAsync(script);

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        RunResult result = WorkflowHost.Result(done);
        Assert.Equal("rejected", result.Outcome);
        Assert.Equal("timeout", result.Approval!.Mode);
        Assert.Null(result.Approval.Approver);
        Assert.Equal("r1", Assert.Single(script.Inputs<ApprovalRequestInput>(nameof(SendApprovalReminder))).Round);
        Assert.Equal(RunStages.Rejected, done.ReadCustomStatusAs<RunStatus>()!.Stage);
        string[] steps = [.. script.Inputs<AuditInput>(nameof(RecordAudit)).OrderBy(a => a.Sequence).Select(a => a.Step)];
        Assert.True(Array.IndexOf(steps, "review-reminded") is int reminded && reminded > Array.IndexOf(steps, "review-requested") && reminded < Array.IndexOf(steps, "rejected"),
            $"audit steps in order: {string.Join(", ", steps)}");
        LifecycleInput rejected = script.Inputs<LifecycleInput>(nameof(EmitLifecycleEvent)).Last();
        Assert.Equal((LifecycleEventType.Rejected, "approval timed out"), (rejected.Type, rejected.Reason));
        Assert.Equal(0, script.CallCount(nameof(PublishRun)));
    }
}
