using Microsoft.DurableTask.Client;
using VideoGen.Contracts.Gpu;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;
using VideoGen.Workflow.Tests.Fakes;

namespace VideoGen.Workflow.Tests;

/// <summary>
/// <see cref="RenderChunks"/> inside real runs: late and failed chunks are submitted again (same render instance, next
/// attempt) up to <see cref="RunSettings.MaxChunkAttempts"/>, then the run fails with <c>render.chunk-failed</c>
/// naming the chunk; results of earlier attempts are taken, duplicates and strangers ignored.
/// </summary>
[Collection(RendersCollection.Name)]
public sealed class RenderBranchTests(WorkflowHostFixture fixture, ITestOutputHelper output) : WorkflowTestBase(fixture, output)
{
    [Fact]
    public async Task RenderChunks_ChunkLateOnce_ResubmittedAsAttempt2AndPublished()
    {
        // Chunk 2's first preview job never reports; its deadline passes and it is sent again, which reports.
        var script = new WorkflowScript
        {
            Settings = TestRuns.Settings() with { ChunkDeadline = TimeSpan.FromSeconds(3) },
            ChunkResults = (job, id) => IsPreviewChunk(job, 2) && job.Attempt == 1 ? [] : [WorkflowScript.Succeeded(job, id)],
        };
        TestRun run = await Host.StartRunAsync(script);

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));

        Assert.Equal("published", result.Outcome);
        ChunkJobRequest[] chunk2 = [.. script.Submissions.Where(s => IsPreviewChunk(s, 2))];
        Assert.Equal([1, 2], chunk2.Select(s => s.Attempt));
        Assert.All(chunk2, s => Assert.Equal($"{run.Id}:preview:v1", s.InstanceId));
        Assert.True(chunk2[1].Deadline > chunk2[0].Deadline, "the resubmission carries the next round's deadline");
        Assert.All(script.Submissions.Where(s => !IsPreviewChunk(s, 2)), s => Assert.Equal(1, s.Attempt)); // the others reported in time
        AssembleInput preview = script.Inputs<AssembleInput>(nameof(AssembleClip)).Single(a => a.Tier == GpuTier.Interactive);
        Assert.Equal($"{run.Id}:preview:v1/c2/a2", preview.Chunks.Single(c => c.ChunkIndex == 2).JobId);
        Assert.Equal(TestRuns.ChunkCount + 1, script.Inputs<CostInput>(nameof(RecordCosts)).Single().Renders[0].Attempts);
    }

    [Fact]
    public async Task RenderChunks_EarlierAttemptReportsLate_ResultAccepted()
    {
        // Chunk 1's first job reports only after the resubmission (a slow worker finishing); the second never does.
        var script = new WorkflowScript
        {
            Settings = TestRuns.Settings() with { ChunkDeadline = TimeSpan.FromSeconds(3) },
            ChunkResults = (job, id) => !IsPreviewChunk(job, 1) ? [WorkflowScript.Succeeded(job, id)]
                : job.Attempt == 1 ? []
                : [WorkflowScript.Succeeded(job with { Attempt = 1 }, WorkflowScript.JobId(job with { Attempt = 1 }))],
        };
        TestRun run = await Host.StartRunAsync(script);

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));

        Assert.Equal("published", result.Outcome);
        AssembleInput preview = script.Inputs<AssembleInput>(nameof(AssembleClip)).Single(a => a.Tier == GpuTier.Interactive);
        Assert.Equal($"{run.Id}:preview:v1/c1/a1", preview.Chunks.Single(c => c.ChunkIndex == 1).JobId);
        Assert.Equal([1, 2], script.Submissions.Where(s => IsPreviewChunk(s, 1)).Select(s => s.Attempt));
    }

    [Fact]
    public async Task RenderChunks_ChunkFailsOnce_ResubmittedAndPublished()
    {
        var script = new WorkflowScript
        {
            ChunkResults = (job, id) => [IsPreviewChunk(job, 3) && job.Attempt == 1 ? WorkflowScript.Failed(job, id, "worker lost its lease") : WorkflowScript.Succeeded(job, id)],
        };
        TestRun run = await Host.StartRunAsync(script);

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));

        Assert.Equal("published", result.Outcome);
        Assert.Equal([1, 2], script.Submissions.Where(s => IsPreviewChunk(s, 3)).Select(s => s.Attempt));
        AssembleInput preview = script.Inputs<AssembleInput>(nameof(AssembleClip)).Single(a => a.Tier == GpuTier.Interactive);
        Assert.Equal([0, 1, 2, 3], preview.Chunks.Select(c => c.ChunkIndex!.Value));
        Assert.All(preview.Chunks, c => Assert.Equal(GpuJobStatus.Succeeded, c.Status));
    }

    [Fact]
    public async Task RenderChunks_ChunkFailsEveryAttempt_RunFailsWithChunkFailedNamingIt()
    {
        var script = new WorkflowScript
        {
            ChunkResults = (job, id) => [IsPreviewChunk(job, 1) ? WorkflowScript.Failed(job, id, "CUDA out of memory") : WorkflowScript.Succeeded(job, id)],
        };
        TestRun run = await Host.StartRunAsync(script);

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(RunFailedException).FullName, done.FailureDetails!.ErrorType);
        Assert.Equal("render.chunk-failed: Chunk 1 of the Interactive render failed 3 times; last error: CUDA out of memory", done.FailureDetails.ErrorMessage);
        RunStatus status = done.ReadCustomStatusAs<RunStatus>()!;
        Assert.Equal((RunStages.Failed, "render.chunk-failed"), (status.Stage, status.ErrorCode));
        Assert.Equal([1, 2, 3], script.Submissions.Where(s => IsPreviewChunk(s, 1)).Select(s => s.Attempt));
        Assert.Equal(0, script.CallCount(nameof(AssembleClip)));
        OrchestrationMetadata render = (await Host.Client.GetInstancesAsync($"{run.Id}:preview:v1"))!;
        Assert.Equal(OrchestrationRuntimeStatus.Failed, render.RuntimeStatus);
    }

    [Fact]
    public async Task RenderChunks_ChunkLateEveryAttempt_RunFailsWithChunkFailedNamingIt()
    {
        var script = new WorkflowScript
        {
            Settings = TestRuns.Settings() with { ChunkDeadline = TimeSpan.FromSeconds(2), MaxChunkAttempts = 2 },
            ChunkResults = (job, id) => IsPreviewChunk(job, 0) ? [] : [WorkflowScript.Succeeded(job, id)],
        };
        TestRun run = await Host.StartRunAsync(script);

        OrchestrationMetadata done = await Host.WaitForCompletionAsync(run.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("render.chunk-failed: Chunk 0 of the Interactive render failed or was late 2 times; giving up.", done.FailureDetails!.ErrorMessage);
        Assert.Equal("render.chunk-failed", done.ReadCustomStatusAs<RunStatus>()!.ErrorCode);
        Assert.Equal([1, 2], script.Submissions.Where(s => IsPreviewChunk(s, 0)).Select(s => s.Attempt));
    }

    [Fact]
    public async Task RenderChunks_DuplicateAndStrayResults_Ignored()
    {
        // Every result twice (at-least-once delivery), plus one for a job nobody sent and one without a job id.
        var script = new WorkflowScript
        {
            ChunkResults = (job, id) =>
            [
                WorkflowScript.Succeeded(job, id),
                WorkflowScript.Succeeded(job, id) with { DeviceSeconds = 99 },
                WorkflowScript.Succeeded(job, "someone-else/c0/a1") with { DeviceSeconds = 99 },
                WorkflowScript.Failed(job, id, "unreadable job message") with { JobId = null },
            ],
        };
        TestRun run = await Host.StartRunAsync(script);

        RunResult result = WorkflowHost.Result(await Host.WaitForCompletionAsync(run.Id));

        Assert.Equal("published", result.Outcome);
        Assert.Equal(TestRuns.ChunkCount * 2 * 1.5, result.GpuSeconds); // none of the 99s counted
        Assert.All(script.Submissions, s => Assert.Equal(1, s.Attempt));
        RenderResult preview = script.Inputs<CostInput>(nameof(RecordCosts)).Single().Renders[0];
        Assert.Equal([0, 1, 2, 3], preview.Chunks.Select(c => c.ChunkIndex!.Value));
        Assert.Equal(TestRuns.ChunkCount, preview.Attempts);
    }

    private static bool IsPreviewChunk(ChunkJobRequest job, int chunk) => job.Tier == GpuTier.Interactive && job.Chunk.Index == chunk;
}
