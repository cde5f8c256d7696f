using VideoGen.Contracts.Gpu;
using VideoGen.Inference.ReferenceModels;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class PoisonTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PollOnce_MalformedJson_PoisonsWithReasonAndPostsFailedResult()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        await scope.Interactive.SendMessageAsync("{\"jobId\": \"job-bad\", \"chunkIndex\": 3, ");

        await worker.Processor.PollOnceAsync(CancellationToken.None);

        var poison = Assert.Single(await scope.ReceivePoisonAsync());
        Assert.Contains("not a valid GPU job", poison.Reason, StringComparison.Ordinal);
        Assert.Equal(scope.Interactive.Name, poison.SourceQueue);
        Assert.Equal("{\"jobId\": \"job-bad\", \"chunkIndex\": 3, ", poison.Body);
        var result = Assert.Single(await scope.ReceiveResultsAsync());
        Assert.Equal(GpuJobStatus.Failed, result.Status);
        Assert.Equal(poison.Reason, result.Error);
        Assert.Null(result.JobId); // the JSON could not be read at all
        Assert.Equal(0, (await scope.Interactive.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task PollOnce_JobMissingRequiredField_PoisonsNamingTheField()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        await scope.Interactive.SendMessageAsync("{\"jobId\": \"job-partial\", \"instanceId\": \"i-1\", \"chunkIndex\": 2}");

        await worker.Processor.PollOnceAsync(CancellationToken.None);

        var poison = Assert.Single(await scope.ReceivePoisonAsync());
        Assert.Contains("model", poison.Reason, StringComparison.Ordinal);
        var result = Assert.Single(await scope.ReceiveResultsAsync());
        Assert.Equal(("job-partial", "i-1", (int?)2, GpuJobStatus.Failed), (result.JobId, result.InstanceId, result.ChunkIndex, result.Status));
    }

    [Fact]
    public async Task PollOnce_UnknownModel_PoisonsWithReasonAndPostsFailedResult()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        await scope.SendAsync(TestData.Job(scope, "job-unknown", model: "no-such-model"));

        await worker.Processor.PollOnceAsync(CancellationToken.None);

        var poison = Assert.Single(await scope.ReceivePoisonAsync());
        Assert.Contains("no-such-model", poison.Reason, StringComparison.Ordinal);
        Assert.Contains("not in the manifest", poison.Reason, StringComparison.Ordinal);
        var result = Assert.Single(await scope.ReceiveResultsAsync());
        Assert.Equal(("job-unknown", GpuJobStatus.Failed, poison.Reason), (result.JobId, result.Status, result.Error));
        Assert.Equal(0, worker.Counters.FramesRendered);
    }

    [Fact]
    public async Task PollOnce_ModelHashMismatch_RefusesToLoadAndPoisons()
    {
        var scope = await TestScope.CreateAsync(azurite);
        var folder = Directory.CreateTempSubdirectory("videogen-gpuworker-tampered-").FullName;
        try
        {
            var manifest = ReferenceModelSet.WriteAll(folder);
            var motion = Path.Combine(folder, MotionGeneratorModel.Definition.FileName);
            var bytes = File.ReadAllBytes(motion);
            bytes[^1] ^= 0x01;
            File.WriteAllBytes(motion, bytes);
            await using var worker = new WorkerHarness(scope, manifestPath: Path.Combine(folder, ReferenceModelSet.ManifestFileName));
            await scope.SendAsync(TestData.Job(scope, "job-tampered"));

            await worker.Processor.PollOnceAsync(CancellationToken.None);

            var poison = Assert.Single(await scope.ReceivePoisonAsync());
            Assert.Contains("Refusing to load model motion-reference@1.0.0", poison.Reason, StringComparison.Ordinal);
            Assert.Contains(manifest.Models[0].Sha256, poison.Reason, StringComparison.Ordinal);
            Assert.Equal(GpuJobStatus.Failed, Assert.Single(await scope.ReceiveResultsAsync()).Status);
            Assert.Equal(0, worker.Counters.FramesRendered);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task PollOnce_DequeueCountAboveLimit_Poisons()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope, o => o.MaxDequeueCount = 1);
        await scope.SendAsync(TestData.Job(scope, "job-tired"));
        var taken = (await scope.Interactive.ReceiveMessageAsync()).Value; // an earlier attempt that died
        await scope.Interactive.UpdateMessageAsync(taken.MessageId, taken.PopReceipt, visibilityTimeout: TimeSpan.Zero);

        await worker.Processor.PollOnceAsync(CancellationToken.None);

        var poison = Assert.Single(await scope.ReceivePoisonAsync());
        Assert.Equal(2, poison.DequeueCount);
        Assert.Contains("dequeued 2 times", poison.Reason, StringComparison.Ordinal);
        Assert.Equal("job-tired", Assert.Single(await scope.ReceiveResultsAsync()).JobId);
    }

    [Fact]
    public async Task PollOnce_MissingInputBlob_PoisonsNamingTheBlob()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        var job = TestData.Job(scope, "job-noinput");
        await scope.SendAsync(job with { Inputs = job.Inputs with { ProductRgba = "inputs/missing.rgba" } });

        await worker.Processor.PollOnceAsync(CancellationToken.None);

        Assert.Contains("inputs/missing.rgba", Assert.Single(await scope.ReceivePoisonAsync()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnce_DeadlinePassed_FailsWithoutPoison()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        await scope.SendAsync(TestData.Job(scope, "job-late") with { Deadline = DateTimeOffset.UtcNow.AddMinutes(-1) });

        await worker.Processor.PollOnceAsync(CancellationToken.None);

        var result = Assert.Single(await scope.ReceiveResultsAsync());
        Assert.Equal(GpuJobStatus.Failed, result.Status);
        Assert.Contains("deadline", result.Error, StringComparison.Ordinal);
        Assert.Empty(await scope.ReceivePoisonAsync());
    }
}
