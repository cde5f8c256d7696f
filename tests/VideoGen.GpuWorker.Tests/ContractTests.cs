using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VideoGen.Contracts.Gpu;

namespace VideoGen.GpuWorker.Tests;

public sealed class ContractTests
{
    [Fact]
    public void GpuJson_JobRoundTrip_UsesCamelCaseNamesAndEnumStrings()
    {
        var job = new GpuJob("j-1", "inst", 2, GpuTier.Batch, new GpuModelRef("m", "1.0"),
            new GpuChunkSpec(8, 32, 24, 24, 2, 5, 16, new GpuShotParameters(["#000000", "#ffffff", "#ff0000"], [new CameraKeyframe(0, 1, 0, 0, 0)])),
            "work", new GpuJobInputs("in/p.rgba", 4, 4), "out/j-1", new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var json = GpuJson.Serialize(job);
        var back = GpuJson.Deserialize<GpuJob>(json);

        Assert.Contains("\"tier\":\"batch\"", json, StringComparison.Ordinal);
        Assert.Contains("\"firstFrameIndex\":16", json, StringComparison.Ordinal);
        Assert.Contains("\"traceParent\":null", json, StringComparison.Ordinal);
        Assert.Equal(GpuJson.Serialize(back), json);
        Assert.Equal(GpuJobFingerprint.Compute(job), GpuJobFingerprint.Compute(back with { JobId = "j-2", Deadline = DateTimeOffset.MaxValue }));
        Assert.NotEqual(GpuJobFingerprint.Compute(job), GpuJobFingerprint.Compute(back with { Chunk = back.Chunk with { Seed = 6 } }));
    }

    [Fact]
    public void GpuQueues_ForTier_NamesTheTierQueue()
    {
        Assert.Equal("gpu-jobs-interactive", GpuQueues.ForTier(GpuTier.Interactive));
        Assert.Equal("gpu-jobs-batch", GpuQueues.ForTier(GpuTier.Batch));
        Assert.Equal("renders/x/frames-000012.rgb", GpuOutputLayout.SegmentBlob("renders/x", 12));
    }

    [Fact]
    public void AddGpuWorker_InvalidOptions_FailsValidationNamingEachProblem()
    {
        var services = new ServiceCollection();
        services.AddGpuWorker(o =>
        {
            o.CheckpointFrames = 0;
            o.QueueNamePrefix = "Bad_Prefix";
        }, addHostedService: false);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GpuWorkerOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("StorageConnectionString", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("CheckpointFrames", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("QueueNamePrefix", StringComparison.Ordinal));
    }
}
