using VideoGen.Contracts.Gpu;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ResumeTests(AzuriteFixture azurite)
{
    // Each checkpoint is written before the next run starts, so a stop at the n-th checkpoint lands at a known frame.
    private static readonly Action<GpuWorkerOptions> WritesInOrder = o => o.WriteBehindRuns = 0;

    [Fact]
    public async Task PollOnce_StoppedWhileWritingBehind_EveryRenderedFrameIsCheckpointedAndResumeIsByteIdentical()
    {
        const int frames = 64;
        var scope = await TestScope.CreateAsync(azurite);
        using var stop = new CancellationTokenSource();
        long rendered;
        await using (var stopped = new WorkerHarness(scope, o => o.WriteBehindRuns = 3, observer: new StopAfterCheckpoints(stop, 1)))
        {
            await scope.SendAsync(TestData.Job(scope, "job-behind", frames: frames, outputPrefix: "renders/behind"));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped.Processor.PollOnceAsync(stop.Token));
            rendered = stopped.Counters.FramesRendered;
            Assert.Equal(1, stopped.Counters.MessagesReleased);
        }
        // Runs started before the stop was seen were written too, before the message was released.
        var checkpoint = await scope.ReadIndexAsync("renders/behind");
        Assert.False(checkpoint.Complete);
        Assert.Equal(rendered, checkpoint.FramesDone);
        Assert.True(checkpoint.FramesDone >= 4, $"{checkpoint.FramesDone} frames checkpointed");

        await using var resumed = new WorkerHarness(scope);
        Assert.Equal(1, await resumed.Processor.PollOnceAsync(CancellationToken.None));
        Assert.Equal(frames - checkpoint.FramesDone, resumed.Counters.FramesRendered);
        Assert.Equal(GpuJobStatus.Succeeded, Assert.Single(await scope.ReceiveResultsAsync()).Status);
        Assert.Equal(TestData.DirectRun(frames), await scope.ReadFramesAsync("renders/behind"));
    }

    [Fact]
    public async Task PollOnce_StoppedAfterCheckpointThenNewWorker_ResumesWithoutRerenderingAndOutputIsByteIdentical()
    {
        var scope = await TestScope.CreateAsync(azurite);
        using var stop = new CancellationTokenSource();
        await using (var stopped = new WorkerHarness(scope, WritesInOrder, observer: new StopAfterCheckpoints(stop, 1)))
        {
            await scope.SendAsync(TestData.Job(scope, "job-resume", outputPrefix: "renders/resumed"));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped.Processor.PollOnceAsync(stop.Token));
            Assert.Equal(4, stopped.Counters.FramesRendered);
            Assert.Equal(1, stopped.Counters.MessagesReleased);
        }
        var checkpoint = await scope.ReadIndexAsync("renders/resumed");
        Assert.Equal((4, false), (checkpoint.FramesDone, checkpoint.Complete));
        Assert.Empty(await scope.ReceiveResultsAsync());

        await using var resumed = new WorkerHarness(scope);
        Assert.Equal(1, await resumed.Processor.PollOnceAsync(CancellationToken.None));
        Assert.Equal(8, resumed.Counters.FramesRendered); // frames 0–3 came from the checkpoint
        Assert.Equal(GpuJobStatus.Succeeded, Assert.Single(await scope.ReceiveResultsAsync()).Status);

        await using var uninterrupted = new WorkerHarness(scope);
        await scope.SendAsync(TestData.Job(scope, "job-straight", outputPrefix: "renders/straight"));
        await uninterrupted.Processor.PollOnceAsync(CancellationToken.None);
        Assert.Single(await scope.ReceiveResultsAsync());

        Assert.Equal(await scope.ReadFramesAsync("renders/straight"), await scope.ReadFramesAsync("renders/resumed"));
        var a = await scope.ReadIndexAsync("renders/resumed");
        var b = await scope.ReadIndexAsync("renders/straight");
        Assert.Equal(b.SpecSha256, a.SpecSha256);
        Assert.Equal(b.Segments.Select(s => (s.FirstFrame, s.FrameCount, s.Sha256)), a.Segments.Select(s => (s.FirstFrame, s.FrameCount, s.Sha256)));
    }

    [Fact]
    public async Task PollOnce_CancelledMidChunk_ReleasesMessageAtOnce()
    {
        var scope = await TestScope.CreateAsync(azurite);
        using var stop = new CancellationTokenSource();
        await using var worker = new WorkerHarness(scope, o =>
        {
            WritesInOrder(o);
            o.VisibilityTimeout = TimeSpan.FromMinutes(10);
        }, observer: new StopAfterCheckpoints(stop, 2));
        await scope.SendAsync(TestData.Job(scope, "job-release"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker.Processor.PollOnceAsync(stop.Token));

        // Visible again now, not after the 10-minute visibility timeout.
        var visible = Assert.Single((await scope.Interactive.PeekMessagesAsync(32)).Value);
        Assert.Equal(1, visible.DequeueCount);
        Assert.Equal("job-release", GpuJson.Deserialize<GpuJob>(visible.Body.ToString()).JobId);
        Assert.Equal(8, (await scope.ReadIndexAsync("renders/job-release")).FramesDone);
    }

    [Fact]
    public async Task PollOnce_CheckpointOfDifferentSpec_RendersFromFrameZero()
    {
        var scope = await TestScope.CreateAsync(azurite);
        using var stop = new CancellationTokenSource();
        await using (var stopped = new WorkerHarness(scope, WritesInOrder, observer: new StopAfterCheckpoints(stop, 1)))
        {
            var other = TestData.Job(scope, "job-old", outputPrefix: "renders/shared");
            await scope.SendAsync(other with { Chunk = other.Chunk with { Seed = 99 } });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped.Processor.PollOnceAsync(stop.Token));
        }
        var old = (await scope.Interactive.ReceiveMessageAsync()).Value; // the old job is withdrawn
        await scope.Interactive.DeleteMessageAsync(old.MessageId, old.PopReceipt);

        await using var worker = new WorkerHarness(scope);
        await scope.SendAsync(TestData.Job(scope, "job-new", outputPrefix: "renders/shared"));
        await worker.Processor.PollOnceAsync(CancellationToken.None);

        Assert.Equal(GpuJobStatus.Succeeded, Assert.Single(await scope.ReceiveResultsAsync()).Status);
        Assert.Equal(12, worker.Counters.FramesRendered); // the seed-99 frames were not reused
        Assert.Equal(TestData.DirectRun(12), await scope.ReadFramesAsync("renders/shared"));
    }
}
