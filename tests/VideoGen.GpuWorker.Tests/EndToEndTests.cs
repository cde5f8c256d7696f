using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoGen.Contracts.Gpu;
using VideoGen.Inference;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PollOnce_InteractiveJob_PostsResultAndFramesEqualDirectRun()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        var job = TestData.Job(scope, "job-e2e");
        await scope.SendAsync(job);

        Assert.Equal(1, await worker.Processor.PollOnceAsync(CancellationToken.None));

        var result = Assert.Single(await scope.ReceiveResultsAsync());
        Assert.Equal(GpuJobStatus.Succeeded, result.Status);
        Assert.Equal(("job-e2e", "instance-1", (int?)0), (result.JobId, result.InstanceId, result.ChunkIndex));
        Assert.Equal(12, result.Frames);
        Assert.Equal("cpu", result.Device);
        Assert.True(result.DeviceSeconds > 0);
        Assert.Null(result.Error);
        Assert.Equal(
            ["renders/job-e2e/index.json", "renders/job-e2e/frames-000000.rgb", "renders/job-e2e/frames-000004.rgb", "renders/job-e2e/frames-000008.rgb"],
            result.OutputBlobs);
        var frames = await scope.ReadFramesAsync(job.OutputPrefix);
        Assert.Equal(12 * WorkerHarness.Width * WorkerHarness.Height * 3, frames.Length);
        Assert.Equal(TestData.DirectRun(12), frames);
        var index = await scope.ReadIndexAsync(job.OutputPrefix);
        Assert.True(index.Complete);
        Assert.Equal((12, 12, 3), (index.FrameCount, index.FramesDone, index.Segments.Count));
        Assert.Equal(0, (await scope.Interactive.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal((3, 12), (worker.Counters.ModelRuns, worker.Counters.FramesRendered));
    }

    [Fact]
    public async Task PollOnce_InteractiveAndBatchQueued_TakesInteractiveFirst()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope, o => o.MaxBatchJobs = 1);
        await scope.SendAsync(TestData.Job(scope, "job-batch", GpuTier.Batch, frames: 4));
        await scope.SendAsync(TestData.Job(scope, "job-interactive", GpuTier.Interactive, frames: 4));

        await worker.Processor.PollOnceAsync(CancellationToken.None);
        Assert.Equal("job-interactive", Assert.Single(await scope.ReceiveResultsAsync()).JobId);

        await worker.Processor.PollOnceAsync(CancellationToken.None);
        Assert.Equal("job-batch", Assert.Single(await scope.ReceiveResultsAsync()).JobId);
    }

    [Fact]
    public async Task PollOnce_TwoCompatibleJobs_ShareModelRunsAndMatchSeparateRuns()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        await scope.SendAsync(TestData.Job(scope, "job-a", frames: 8));
        await scope.SendAsync(TestData.Job(scope, "job-b", frames: 8));

        Assert.Equal(2, await worker.Processor.PollOnceAsync(CancellationToken.None));

        var results = await scope.ReceiveResultsAsync();
        Assert.Equal(["job-a", "job-b"], results.Select(r => r.JobId).Order());
        Assert.All(results, r => Assert.Equal(GpuJobStatus.Succeeded, r.Status));
        Assert.Equal((2, 16), (worker.Counters.ModelRuns, worker.Counters.FramesRendered)); // 2 segments × 2 jobs in 2 runs
        var expected = TestData.DirectRun(8);
        Assert.Equal(expected, await scope.ReadFramesAsync("renders/job-a"));
        Assert.Equal(expected, await scope.ReadFramesAsync("renders/job-b"));
    }

    [Fact]
    public async Task PollOnce_JobsWithDifferentProducts_RunSeparately()
    {
        var scope = await TestScope.CreateAsync(azurite);
        var photo = TestData.ProductRgba();
        photo[0] ^= 0xFF;
        await scope.Container.GetBlobClient("inputs/other.rgba").UploadAsync(new BinaryData(photo));
        await using var worker = new WorkerHarness(scope);
        var second = TestData.Job(scope, "job-other", frames: 8);
        await scope.SendAsync(TestData.Job(scope, "job-first", frames: 8));
        await scope.SendAsync(second with { Inputs = second.Inputs with { ProductRgba = "inputs/other.rgba" } });

        await worker.Processor.PollOnceAsync(CancellationToken.None);

        Assert.Equal(2, (await scope.ReceiveResultsAsync()).Count(r => r.Status == GpuJobStatus.Succeeded));
        Assert.Equal((4, 16), (worker.Counters.ModelRuns, worker.Counters.FramesRendered)); // the product is a shared input
    }

    [Fact]
    public async Task PollOnce_ChunkAlreadyComplete_SkipsRenderingAndPostsSameOutputs()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var first = new WorkerHarness(scope);
        await scope.SendAsync(TestData.Job(scope, "job-once", frames: 4));
        await first.Processor.PollOnceAsync(CancellationToken.None);
        var original = Assert.Single(await scope.ReceiveResultsAsync());

        await using var second = new WorkerHarness(scope);
        await scope.SendAsync(TestData.Job(scope, "job-once", frames: 4));
        await second.Processor.PollOnceAsync(CancellationToken.None);

        var retried = Assert.Single(await scope.ReceiveResultsAsync());
        Assert.Equal(GpuJobStatus.Succeeded, retried.Status);
        Assert.Equal(original.OutputBlobs, retried.OutputBlobs);
        Assert.Equal(0, second.Counters.FramesRendered);
    }

    [Fact]
    public async Task HostedWorker_JobQueuedThenHostStopped_PostsResultAndStops()
    {
        var scope = await TestScope.CreateAsync(azurite);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddInference(o =>
        {
            o.ManifestPath = WorkerHarness.ModelsManifest;
            o.ExecutionProvider = ExecutionProviderPreference.Cpu;
            o.IntraOpThreads = 1;
        });
        builder.Services.AddGpuWorker(o =>
        {
            o.StorageConnectionString = scope.ConnectionString;
            o.QueueNamePrefix = scope.QueuePrefix;
            o.CheckpointFrames = 4;
        });
        using var host = builder.Build();
        await host.StartAsync();
        await scope.SendAsync(TestData.Job(scope, "job-hosted", frames: 4));

        var results = new List<GpuJobResult>();
        for (var attempt = 0; attempt < 600 && results.Count == 0; attempt++)
        {
            results.AddRange(await scope.ReceiveResultsAsync());
            if (results.Count == 0)
            {
                await Task.Delay(50);
            }
        }
        await host.StopAsync();

        Assert.Equal("job-hosted", Assert.Single(results).JobId);
        Assert.Equal(1, host.Services.GetRequiredService<WorkerCounters>().JobsSucceeded);
    }
}
