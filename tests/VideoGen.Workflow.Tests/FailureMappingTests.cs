using Azure;
using Microsoft.DurableTask.Client;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;
using VideoGen.Workflow.Tests.Fakes;

namespace VideoGen.Workflow.Tests;

/// <summary>
/// How a failure becomes the run's stable error code: a <see cref="RunFailedException"/> keeps its code (never
/// retried), a blocked prompt or clip gets its own, any other failed step is <c>step.failed.{name}</c>; steps that
/// touch storage are retried on other failures (<c>RunContext.StorageRetry</c>).
/// </summary>
[Collection(FailuresCollection.Name)]
public sealed class FailureMappingTests(WorkflowHostFixture fixture, ITestOutputHelper output) : WorkflowTestBase(fixture, output)
{
    [Fact]
    public async Task ValidateBrief_ThrowsRunFailed_InstanceFailsWithBriefInvalidNotRetried()
    {
        var script = new WorkflowScript();
        script.FailWith(nameof(ValidateBrief), _ => new RunFailedException("brief.invalid", "/durationSeconds: 600 is more than 60."));
        TestRun run = await Host.StartRunAsync(script);

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        AssertFailed(done, "brief.invalid", "/durationSeconds: 600 is more than 60.");
        Assert.Equal(1, script.CallCount(nameof(ValidateBrief))); // the storage retry policy skips the run's own verdicts
        Assert.Equal(0, script.CallCount(nameof(ScreenBrief)));
        LifecycleInput failed = script.Inputs<LifecycleInput>(nameof(EmitLifecycleEvent)).Last();
        Assert.Equal((LifecycleEventType.Failed, "brief.invalid: /durationSeconds: 600 is more than 60."), (failed.Type, failed.Reason));
        AuditInput audit = script.Inputs<AuditInput>(nameof(RecordAudit)).Last();
        Assert.Equal(("failed", "brief.invalid"), (audit.Step, audit.Details["code"]));
    }

    [Fact]
    public async Task ScreenBrief_RejectVerdict_InstanceFailsWithPromptBlocked()
    {
        var script = new WorkflowScript
        {
            Screening = new PolicyDecision(PolicyVerdict.Reject, "test-policy-1",
                [new PolicyFinding("violence", PolicyVerdict.Reject, "blocklist:weapons", "rifle", "/shots/1/prompt")]),
        };
        TestRun run = await Host.StartRunAsync(script);

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        AssertFailed(done, "prompt.blocked", "The brief was blocked by policy test-policy-1: /shots/1/prompt matched blocklist:weapons (violence)");
        Assert.Equal(1, script.CallCount(nameof(ScreenBrief)));
        Assert.Equal(0, script.CallCount(nameof(PrepareAssets)));
        Assert.Empty(script.Submissions);
    }

    [Fact]
    public async Task CheckClipSafety_BlockDecision_InstanceFailsWithClipBlocked()
    {
        var script = new WorkflowScript
        {
            Safety = _ => new ClipSafety(SafetyDecision.Block, true, "violence severity 6 in frame 2", new Dictionary<string, int> { ["Violence"] = 6 }, ["violence"]),
        };
        TestRun run = await Host.StartRunAsync(script);

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        AssertFailed(done, "clip.blocked", "Content safety blocked the preview: violence severity 6 in frame 2.");
        Assert.Equal(0, script.CallCount(nameof(RequestApproval)));
    }

    [Fact]
    public async Task Activity_ThrowsPlainException_InstanceFailsWithStepFailedAndItsName()
    {
        var script = new WorkflowScript();
        script.FailWith(nameof(CheckClipSafety), _ => new InvalidOperationException("the safety service said 418"));
        TestRun run = await Host.StartRunAsync(script);

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        AssertFailed(done, "step.failed.CheckClipSafety", "CheckClipSafety failed: the safety service said 418");
        Assert.Equal(1, script.CallCount(nameof(CheckClipSafety))); // no retry policy on this step
    }

    [Fact]
    public async Task RenderStep_SubmitThrowsPlainException_InstanceFailsWithStepFailedRenderChunks()
    {
        var script = new WorkflowScript();
        script.FailWith(nameof(SubmitChunkJob), n => n == 2 ? new InvalidOperationException("queue gpu-interactive is disabled") : null);
        TestRun run = await Host.StartRunAsync(script);

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("step.failed.RenderChunks", done.ReadCustomStatusAs<RunStatus>()!.ErrorCode);
        Assert.StartsWith("step.failed.RenderChunks: RenderChunks failed: ", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("SubmitChunkJob", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("queue gpu-interactive is disabled", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageStep_TransientFailureTwice_RetriedAndPublished()
    {
        var script = new WorkflowScript();
        script.FailWith(nameof(PrepareAssets), n => n <= 2 ? new RequestFailedException(503, "The server is busy.") : null);
        TestRun run = await Host.StartRunAsync(script);

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));

        Assert.Equal("published", result.Outcome);
        Assert.Equal(3, script.CallCount(nameof(PrepareAssets)));
        Assert.Equal(1, script.CallCount(nameof(ValidateBrief)));
    }

    [Fact]
    public async Task StorageStep_TransientFailureEveryAttempt_FailsWithStepFailedAfterThreeAttempts()
    {
        var script = new WorkflowScript();
        script.FailWith(nameof(PrepareAssets), _ => new RequestFailedException(503, "The server is busy."));
        TestRun run = await Host.StartRunAsync(script);

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        AssertFailed(done, "step.failed.PrepareAssets", "PrepareAssets failed: The server is busy.");
        Assert.Equal(3, script.CallCount(nameof(PrepareAssets)));
    }

    /// <summary>
    /// The run failed with <paramref name="code"/>: the instance's failure is a <see cref="RunFailedException"/> whose
    /// message is <c>{code}: {message}</c>, and its custom status says stage failed with the code and message.
    /// </summary>
    private static void AssertFailed(OrchestrationMetadata done, string code, string message)
    {
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Failed, WorkflowHost.Describe(done));
        Assert.Equal(typeof(RunFailedException).FullName, done.FailureDetails!.ErrorType);
        Assert.Equal($"{code}: {message}", done.FailureDetails.ErrorMessage);
        Assert.True(done.FailureDetails.IsCausedBy<RunFailedException>());
        RunStatus status = done.ReadCustomStatusAs<RunStatus>()!;
        Assert.Equal((RunStages.Failed, code, message), (status.Stage, status.ErrorCode, status.Message));
    }
}
