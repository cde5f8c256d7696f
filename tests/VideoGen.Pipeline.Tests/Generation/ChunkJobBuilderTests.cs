using VideoGen.Contracts.Gpu;
using VideoGen.Inference.ReferenceModels;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Tests.Generation;

/// <summary>The pure parts of chunk submission: camera paths, look, ids and prefixes.</summary>
public sealed class ChunkJobBuilderTests
{
    private const string InstanceId = "contoso:launch-16x9:1a2b3c4d5e6f7a8b";
    private static readonly GpuModelRef Model = new(MotionGeneratorModel.Name, MotionGeneratorModel.Version);

    [Theory]
    [InlineData(CameraMove.PushIn)]
    [InlineData(CameraMove.PullOut)]
    [InlineData(CameraMove.PanLeft)]
    [InlineData(CameraMove.PanRight)]
    [InlineData(CameraMove.TiltUp)]
    [InlineData(CameraMove.Orbit)]
    [InlineData(CameraMove.Static)]
    public void ForShot_EachMove_MovesTheRightAxisBetweenTheShotsFirstAndLastFrame(CameraMove move)
    {
        var path = CameraPaths.ForShot(new Camera(move, 1), 10, 33);
        CameraKeyframe first = path[0], last = path[^1];
        Assert.Equal((10L, 33L), (first.Frame, last.Frame));
        Assert.True(path.Zip(path.Skip(1)).All(p => p.First.Frame < p.Second.Frame));
        Assert.All(path, k => Assert.True(k.Zoom > 0));
        switch (move)
        {
            case CameraMove.PushIn:
                Assert.True(last.Zoom > first.Zoom);
                Assert.Equal(CameraPaths.BaseZoom, first.Zoom);
                break;
            case CameraMove.PullOut:
                Assert.True(last.Zoom < first.Zoom);
                Assert.Equal(CameraPaths.BaseZoom, last.Zoom);
                break;
            case CameraMove.PanLeft:
                Assert.True(last.PanX > first.PanX); // the camera turns left: the product slides right
                Assert.Equal((0.0, 0.0), (first.PanY, last.PanY));
                break;
            case CameraMove.PanRight:
                Assert.True(last.PanX < first.PanX);
                break;
            case CameraMove.TiltUp:
                Assert.True(last.PanY > first.PanY); // positive = down: the product slides down
                Assert.Equal((0.0, 0.0), (first.PanX, last.PanX));
                break;
            case CameraMove.Orbit:
                Assert.True(first.RotationDegrees < 0 && last.RotationDegrees > 0);
                Assert.Contains(path, k => Math.Abs(k.PanX) > 0.1);
                Assert.Equal(5, path.Count);
                break;
            default:
                Assert.All(path, k => Assert.Equal((CameraPaths.BaseZoom, 0.0, 0.0, 0.0), (k.Zoom, k.PanX, k.PanY, k.RotationDegrees)));
                break;
        }
    }

    [Theory]
    [InlineData(CameraMove.PushIn)]
    [InlineData(CameraMove.Orbit)]
    [InlineData(CameraMove.PanLeft)]
    public void ForShot_ZeroIntensity_HoldsLikeStatic(CameraMove move)
    {
        var path = CameraPaths.ForShot(new Camera(move, 0), 0, 23);
        Assert.All(path, k => Assert.Equal((CameraPaths.BaseZoom, 0.0, 0.0, 0.0), (k.Zoom, k.PanX, k.PanY, Math.Abs(k.RotationDegrees))));
    }

    [Fact]
    public void ForFrames_EveryChunk_InterpolatesLikeTheWholeClip()
    {
        Brief brief = GenerationTestData.Brief();
        ChunkPlan plan = ChunkPlanner.Plan(brief, 24, 8);
        var clip = CameraPaths.ForClip(brief);
        Assert.Equal(3, plan.Chunks.Count);
        foreach (ChunkSpec chunk in plan.Chunks)
        {
            var path = CameraPaths.ForFrames(brief, chunk.FirstFrame, chunk.FirstFrame + chunk.FrameCount - 1);
            for (long f = chunk.FirstFrame; f < chunk.FirstFrame + chunk.FrameCount; f++)
            {
                Assert.Equal(CameraPaths.PoseAt(clip, f), CameraPaths.PoseAt(path, f));
            }
        }

        // One continuous take: the push-in ends on frame 23 zoomed in and the orbit starts from there on frame 24.
        Assert.True(CameraPaths.PoseAt(clip, 23).Zoom > CameraPaths.BaseZoom);
        Assert.Equal(CameraPaths.PoseAt(clip, 23) with { Frame = 24 }, CameraPaths.PoseAt(clip, 24));
        Assert.True(CameraPaths.PoseAt(clip, 47).RotationDegrees > 0);
    }

    [Fact]
    public void ForShot_Chained_StartsFromThePreviousPoseAndStaysInBounds()
    {
        var start = new CameraKeyframe(9, 1.1, 0.5, -0.2, 5);
        var push = CameraPaths.ForShot(new Camera(CameraMove.PushIn, 1), 10, 20, start);
        Assert.Equal(start with { Frame = 10 }, push[0]);
        Assert.Equal(CameraPaths.MaxZoom, push[^1].Zoom);
        var pan = CameraPaths.ForShot(new Camera(CameraMove.PanLeft, 1), 10, 20, start);
        Assert.Equal((0.5, CameraPaths.MaxPan), (pan[0].PanX, pan[^1].PanX));
        var pull = CameraPaths.ForShot(new Camera(CameraMove.PullOut, 1), 10, 20, start with { Zoom = 0.35 });
        Assert.Equal(CameraPaths.MinZoom, pull[^1].Zoom);
        var orbit = CameraPaths.ForShot(new Camera(CameraMove.Orbit, 0.5), 10, 20, start);
        Assert.Equal((5.0, 17.0), (orbit[0].RotationDegrees, orbit[^1].RotationDegrees));
    }

    [Fact]
    public void Build_SameRequest_SameJob_AndRetryKeepsPrefixWithNewId()
    {
        ChunkJobRequest request = Request(chunkIndex: 1);
        GpuJob job = ChunkJobBuilder.Build(request, Model);
        Assert.Equal(GpuJson.Serialize(job), GpuJson.Serialize(ChunkJobBuilder.Build(request, Model)));
        Assert.Equal("1a2b3c4d5e6f7a8b-interactive-v1-c1-a1", job.JobId);
        Assert.Equal("contoso/launch-16x9/1a2b3c4d5e6f7a8b/interactive/v1/chunk-001", job.OutputPrefix);

        GpuJob retry = ChunkJobBuilder.Build(request with { Attempt = 2 }, Model);
        Assert.Equal("1a2b3c4d5e6f7a8b-interactive-v1-c1-a2", retry.JobId);
        Assert.Equal(job.OutputPrefix, retry.OutputPrefix);
        Assert.Equal(GpuJobFingerprint.Compute(job), GpuJobFingerprint.Compute(retry)); // the worker resumes its checkpoint

        GpuJob batch = ChunkJobBuilder.Build(request with { Tier = GpuTier.Batch, Version = 2 }, Model);
        Assert.Equal("1a2b3c4d5e6f7a8b-batch-v2-c1-a1", batch.JobId);
        Assert.Equal("contoso/launch-16x9/1a2b3c4d5e6f7a8b/batch/v2/chunk-001", batch.OutputPrefix);
        Assert.NotEqual(job.Chunk.Seed, ChunkJobBuilder.Build(request with { Version = 2 }, Model).Chunk.Seed); // a re-render gives new frames
    }

    [Fact]
    public void Build_CarriesChunkSpecInputsDeadlineAndTrace()
    {
        ChunkJobRequest request = Request(chunkIndex: 1);
        GpuJob job = ChunkJobBuilder.Build(request, Model);
        Assert.Equal((24, 256, 144, 24.0, 8, 16L), (job.Chunk.FrameCount, job.Chunk.Width, job.Chunk.Height, job.Chunk.Fps, job.Chunk.Overlap, job.Chunk.FirstFrameIndex));
        Assert.Equal((InstanceId, 1, GpuTier.Interactive, Model), (job.InstanceId, job.ChunkIndex, job.Tier, job.Model));
        Assert.Equal(new GpuJobInputs("contoso/launch-16x9/1a2b3c4d5e6f7a8b/product/product.rgba", 320, 240, "contoso/launch-16x9/1a2b3c4d5e6f7a8b/product/product.mask"), job.Inputs);
        Assert.Equal(("work", request.Deadline, request.TraceParent), (job.Container, job.Deadline, job.TraceParent));
        // Chunk 1 (frames 16–39) spans both shots, so it carries the keyframes bracketing 16 and 39; its first new frame (24) is
        // in the detail shot, which has no palette or seed of its own: the brand's palette, a derived seed.
        Assert.Equal([0L, 23L, 24L, 30L, 36L, 41L], job.Chunk.Shot.CameraPath.Select(k => k.Frame));
        Assert.Equal(["#ddf0ee", "#98d1cb", "#1b998b"], job.Chunk.Shot.Palette);
        Assert.Equal(ShotLook.Seed(request.Brief.Brief, request.Brief.Brief.Shots[1]), job.Chunk.Seed);
        GpuJob first = ChunkJobBuilder.Build(Request(chunkIndex: 0), Model);
        Assert.Equal(["#dff3ef", "#9fd8cf", "#f46036"], first.Chunk.Shot.Palette);
        Assert.Equal(1234L, first.Chunk.Seed);
        Assert.Equal([0L, 23L], first.Chunk.Shot.CameraPath.Select(k => k.Frame));
        // The wire form round-trips.
        Assert.Equal(GpuJson.Serialize(job), GpuJson.Serialize(GpuJson.Deserialize<GpuJob>(GpuJson.Serialize(job))));
    }

    [Fact]
    public void ShotLook_WithoutPaletteOrSeed_DerivesFromBrandAndIds()
    {
        Brief brief = GenerationTestData.Brief();
        Shot detail = brief.Shots[1];
        Assert.Equal(["#ddf0ee", "#98d1cb", "#1b998b"], ShotLook.Palette(brief, detail)); // 85 % and 55 % towards white, then the colour
        Brief unbranded = brief with { Brand = new Brand() };
        Assert.Equal(ShotLook.NeutralPalette, ShotLook.Palette(unbranded, detail));

        long seed = ShotLook.Seed(brief, detail);
        Assert.Equal(seed, ShotLook.Seed(brief, detail));
        Assert.InRange(seed, 0, uint.MaxValue);
        Assert.NotEqual(seed, ShotLook.Seed(brief, detail with { Id = "other" }));
        Assert.NotEqual(seed, ShotLook.Seed(brief with { BriefId = "other" }, detail));
        Assert.Equal(1234L, ShotLook.Seed(brief, brief.Shots[0]));
    }

    [Fact]
    public void Build_ChunkOfUnknownShotOrOutsideThePlan_FailsTheRun()
    {
        ChunkJobRequest request = Request(chunkIndex: 0);
        var unknown = Assert.Throws<RunFailedException>(() => ChunkJobBuilder.Build(request with { Chunk = request.Chunk with { ShotId = "nope" } }, Model));
        Assert.Equal("render.plan-invalid", unknown.Code);
        var outside = Assert.Throws<RunFailedException>(() => ChunkJobBuilder.Build(request with { Chunk = request.Chunk with { FirstFrame = 40 } }, Model));
        Assert.Equal("render.plan-invalid", outside.Code);
    }

    [Fact]
    public void Layout_RunHashAndPrefix_ComeFromTheInstanceIdsLastSegment()
    {
        Assert.Equal("1a2b3c4d5e6f7a8b", GenerationLayout.RunHash(InstanceId));
        Assert.Equal("contoso/launch-16x9/1a2b3c4d5e6f7a8b", GenerationLayout.WorkPrefix("contoso", "launch-16x9", InstanceId));
        Assert.Matches("^[0-9a-f]{16}$", GenerationLayout.RunHash("weird id with spaces"));
        Assert.Throws<FormatException>(() => GenerationLayout.WorkPrefix("contoso", "../escape", InstanceId));
    }

    [Theory]
    [InlineData(AspectRatio.Landscape16x9, 256, 144)]
    [InlineData(AspectRatio.Portrait9x16, 144, 256)]
    [InlineData(AspectRatio.Square1x1, 192, 192)]
    [InlineData(AspectRatio.Portrait4x5, 192, 240)]
    public void RenderSizing_PerAspect_EvenPreviewAndDoubleFinal(AspectRatio aspect, int w, int h)
    {
        Assert.Equal(new RenderSizes(w, h, 2 * w, 2 * h), RenderSizing.For(aspect));
    }

    [Fact]
    public void Options_DefaultsMatchTheReferenceModel_AndBadValuesAreNamed()
    {
        var options = new GenerationOptions();
        Assert.Equal((MotionGeneratorModel.Name, MotionGeneratorModel.Version, "work", ""), (options.MotionModelName, options.MotionModelVersion, options.WorkContainer, options.QueueNamePrefix));
        Assert.Empty(options.Validate());
        var bad = new GenerationOptions { QueueNamePrefix = "Bad_Prefix", WorkContainer = "No", SampleFrames = 9 }.Validate();
        Assert.Equal(3, bad.Count);
        Assert.Contains(bad, p => p.Contains("QueueNamePrefix", StringComparison.Ordinal));
    }

    private static ChunkJobRequest Request(int chunkIndex)
    {
        Brief brief = GenerationTestData.Brief();
        ChunkPlan plan = ChunkPlanner.Plan(brief, 24, 8);
        BriefRunInput run = GenerationTestData.Run("cms-uploads", brief);
        var validated = new ValidatedBrief(brief, new ProductImageInfo("png", 640, 480, true), "contoso/launch-16x9/product.png", new string('0', 64), new string('1', 64));
        const string prefix = "contoso/launch-16x9/1a2b3c4d5e6f7a8b";
        var assets = new PreparedAssets("work", prefix, GenerationLayout.ProductRgba(prefix), GenerationLayout.ProductMask(prefix), 320, 240, true,
            GenerationLayout.ProductThumbnail(prefix), RenderSizing.For(brief.AspectRatio));
        return new ChunkJobRequest(run, InstanceId, validated, assets, plan, plan.Chunks[chunkIndex], GpuTier.Interactive, 1,
            new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }
}
