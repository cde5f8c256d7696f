using VideoGen.Contracts.Gpu;
using VideoGen.Media;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

/// <summary>
/// The generation path end to end on real Azurite, ONNX Runtime and ffmpeg: chunk jobs through the worker, their
/// RGB24 segments read back from blobs, seams blended, the product composited, H.264 encoded and checked by ffprobe.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChunkToClipTests(AzuriteFixture azurite)
{
    private const int W = 64;
    private const int H = 48;
    private const double Fps = 24;
    private const int ChunkFrames = 12;
    private const int Overlap = 4;
    private const int ClipFrames = (2 * ChunkFrames) - Overlap; // 20
    private static readonly ProductPlacement Placement = new(24, 18);

    [Fact]
    public async Task TwoOverlappingChunks_ThroughWorker_AssembleIntoSeamlessVerifiedMp4WithProduct()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        // Consecutive clip frame indices: chunk 1 starts Overlap frames before chunk 0 ends, so the motion model's
        // clip-wide index lines up; a third job renders the whole clip in one piece as the continuous reference.
        await scope.SendAsync(ChunkJob(scope, "clip-chunk-0", 0, 0, ChunkFrames, 0));
        await scope.SendAsync(ChunkJob(scope, "clip-chunk-1", 1, ChunkFrames - Overlap, ChunkFrames, Overlap));
        await scope.SendAsync(ChunkJob(scope, "clip-continuous", 0, 0, ClipFrames, 0));

        Assert.Equal(3, await worker.Processor.PollOnceAsync(CancellationToken.None));
        var results = await scope.ReceiveResultsAsync();
        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(GpuJobStatus.Succeeded, r.Status));

        var chunk0 = await ReadChunkAsync(scope, "clip-chunk-0", 0, 0);
        var chunk1 = await ReadChunkAsync(scope, "clip-chunk-1", 1, Overlap);
        var continuous = (await ReadChunkAsync(scope, "clip-continuous", 0, 0)).Frames;
        Assert.Equal((ChunkFrames, ChunkFrames, ClipFrames), (chunk0.Frames.Count, chunk1.Frames.Count, continuous.Count));

        var blended = SeamBlender.Blend([chunk1, chunk0]);
        var cut = SeamBlender.Cut([chunk0, chunk1]);
        Assert.Equal(ClipFrames, blended.Frames.Count);
        Assert.Equal([ChunkFrames], blended.SeamFrameIndices);

        // The chunks agree on the clip indices they share, so the crossfade reproduces the continuous render.
        for (var f = 0; f < ClipFrames; f++)
        {
            Assert.True(FrameQa.MeanAbsoluteDifference(continuous.Frames[f], blended.Frames.Frames[f]) <= 0.5, $"frame {f} differs from the continuous render");
        }
        var blendQa = FrameQa.Analyze(blended.Frames, blended.SeamFrameIndices, new FrameQaOptions { ExpectedFrameCount = ClipFrames });
        var cutQa = FrameQa.Analyze(cut.Frames, cut.SeamFrameIndices);
        Assert.True(blendQa.MaxSeamDiscontinuity <= cutQa.MaxSeamDiscontinuity + 1e-9, $"blend {blendQa.MaxSeamDiscontinuity} vs cut {cutQa.MaxSeamDiscontinuity}");
        Assert.True(blendQa.MaxSeamDiscontinuity < 2.5, $"seam discontinuity {blendQa.MaxSeamDiscontinuity}");
        Assert.Equal((0, 0, 0), (blendQa.MissingFrames, blendQa.DuplicatedFrames, blendQa.MotionJumps));

        // The same RGBA product the jobs used, composited over the generated frames.
        var product = Product();
        var composited = ProductCompositor.Composite(blended.Frames, product, Placement);
        AssertProductDrawn(composited, product);

        var dir = Directory.CreateTempSubdirectory("videogen-clip-").FullName;
        try
        {
            var mp4 = Path.Combine(dir, "clip.mp4");
            var encoded = await VideoEncoder.EncodeAsync(composited, mp4, EncodeTier.Preview);
            var facts = await MediaVerifier.VerifyAsync(mp4, new MediaExpectation
            {
                Codec = "h264", Width = W / 2, Height = H / 2, Fps = Fps, Duration = TimeSpan.FromSeconds(ClipFrames / Fps),
            });
            Assert.Equal(("h264", W / 2, H / 2), (facts.Codec, facts.Width, facts.Height));
            Assert.Equal(encoded, facts);
            var decoded = await VideoDecoder.DecodeAsync(mp4);
            Assert.Equal(ClipFrames, decoded.Count);
            Assert.Equal((W / 2, H / 2), (decoded.Width, decoded.Height));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ChunksThatDisagreeAtTheSeam_BlendScoresBelowNaiveCut()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        // The second chunk was rendered with a different palette (as a drifting model would): a hard cut jumps.
        var second = ChunkJob(scope, "drift-chunk-1", 1, ChunkFrames - Overlap, ChunkFrames, Overlap);
        second = second with { Chunk = second.Chunk with { Shot = second.Chunk.Shot with { Palette = ["#5a6b7c", "#90a0b0", "#ff8800"] } } };
        await scope.SendAsync(ChunkJob(scope, "drift-chunk-0", 0, 0, ChunkFrames, 0));
        await scope.SendAsync(second);

        await worker.Processor.PollOnceAsync(CancellationToken.None);
        Assert.All(await scope.ReceiveResultsAsync(), r => Assert.Equal(GpuJobStatus.Succeeded, r.Status));

        var chunks = new[] { await ReadChunkAsync(scope, "drift-chunk-0", 0, 0), await ReadChunkAsync(scope, "drift-chunk-1", 1, Overlap) };
        var blended = SeamBlender.Blend(chunks);
        var cut = SeamBlender.Cut(chunks);
        var blendQa = FrameQa.Analyze(blended.Frames, blended.SeamFrameIndices);
        var cutQa = FrameQa.Analyze(cut.Frames, cut.SeamFrameIndices);

        Assert.True(cutQa.MaxSeamDiscontinuity > 2.5, $"the cut should be visible: {cutQa.MaxSeamDiscontinuity}");
        Assert.True(blendQa.MaxSeamDiscontinuity < cutQa.MaxSeamDiscontinuity / 2, $"blend {blendQa.MaxSeamDiscontinuity} vs cut {cutQa.MaxSeamDiscontinuity}");
    }

    [Fact]
    public async Task OneChunkJob_ComesBackAsPlayableSegment()
    {
        var scope = await TestScope.CreateAsync(azurite);
        await using var worker = new WorkerHarness(scope);
        await scope.SendAsync(ChunkJob(scope, "segment-job", 0, 0, ChunkFrames, 0));

        Assert.Equal(1, await worker.Processor.PollOnceAsync(CancellationToken.None));
        var result = Assert.Single(await scope.ReceiveResultsAsync());
        Assert.Equal((GpuJobStatus.Succeeded, ChunkFrames), (result.Status, result.Frames));

        var chunk = await ReadChunkAsync(scope, "segment-job", 0, 0);
        var dir = Directory.CreateTempSubdirectory("videogen-segment-").FullName;
        try
        {
            var mp4 = Path.Combine(dir, "segment.mp4");
            await VideoEncoder.EncodeAsync(chunk.Frames, mp4, EncodeTier.Preview);
            var facts = await MediaVerifier.ProbeAsync(mp4);
            Assert.Equal(("h264", W / 2, H / 2), (facts.Codec, facts.Width, facts.Height));
            Assert.Equal(Fps, facts.Fps, 2);
            Assert.InRange(facts.Duration.TotalSeconds, (ChunkFrames - 1) / Fps, (ChunkFrames + 1) / Fps);
            var decoded = await VideoDecoder.DecodeAsync(mp4);
            Assert.Equal(ChunkFrames, decoded.Count);
            // Lossy, half size, but still the picture the worker rendered: compare with a 2× box-downscaled source.
            for (var f = 0; f < ChunkFrames; f++)
            {
                Assert.True(FrameQa.MeanAbsoluteDifference(Downscale2(chunk.Frames.Frames[f]), decoded.Frames[f]) < 12, $"frame {f}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static GpuJob ChunkJob(TestScope scope, string jobId, int chunkIndex, long firstFrameIndex, int frames, int overlap)
    {
        var job = TestData.Job(scope, jobId, frames: frames);
        return job with
        {
            ChunkIndex = chunkIndex,
            Chunk = job.Chunk with { Width = W, Height = H, Fps = Fps, FrameCount = frames, Overlap = overlap, FirstFrameIndex = firstFrameIndex },
        };
    }

    /// <summary>The chunk's segments (read through its index blob) split into RGB24 frames.</summary>
    private static async Task<FrameChunk> ReadChunkAsync(TestScope scope, string jobId, int chunkIndex, int overlap)
    {
        var index = await scope.ReadIndexAsync($"renders/{jobId}");
        Assert.True(index.Complete);
        Assert.Equal((W, H, GpuOutputLayout.Rgb24), (index.Width, index.Height, index.Format));
        var raw = await scope.ReadFramesAsync($"renders/{jobId}");
        var frameBytes = (int)GpuOutputLayout.FrameBytes(W, H);
        Assert.Equal(index.FrameCount * frameBytes, raw.Length);
        var frames = new List<byte[]>();
        for (var offset = 0; offset < raw.Length; offset += frameBytes)
        {
            frames.Add(raw.AsSpan(offset, frameBytes).ToArray());
        }
        return new FrameChunk(chunkIndex, overlap, new FrameSequence(W, H, index.Fps, frames));
    }

    private static ProductImage Product()
    {
        var rgba = TestData.ProductRgba();
        var rgb = new byte[WorkerHarness.ProductWidth * WorkerHarness.ProductHeight * 3];
        for (var p = 0; p < rgb.Length / 3; p++)
        {
            rgb[p * 3] = rgba[p * 4];
            rgb[(p * 3) + 1] = rgba[(p * 4) + 1];
            rgb[(p * 3) + 2] = rgba[(p * 4) + 2];
        }
        return new ProductImage(WorkerHarness.ProductWidth, WorkerHarness.ProductHeight, rgb,
            MaskExtractor.FromAlpha(rgba, WorkerHarness.ProductWidth, WorkerHarness.ProductHeight), maskFromAlpha: true);
    }

    private static void AssertProductDrawn(FrameSequence frames, ProductImage product)
    {
        foreach (var frame in frames.Frames)
        {
            for (var y = 0; y < product.Height; y++)
            {
                for (var x = 0; x < product.Width; x++)
                {
                    if (product.Mask.Alpha[(y * product.Width) + x] != 255)
                    {
                        continue;
                    }
                    var at = (((Placement.Y + y) * W) + Placement.X + x) * 3;
                    var from = ((y * product.Width) + x) * 3;
                    Assert.Equal(product.Rgb.AsSpan(from, 3).ToArray(), frame.AsSpan(at, 3).ToArray());
                }
            }
        }
    }

    private static byte[] Downscale2(byte[] frame)
    {
        var output = new byte[(W / 2) * (H / 2) * 3];
        for (var y = 0; y < H / 2; y++)
        {
            for (var x = 0; x < W / 2; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = frame[((((2 * y) * W) + (2 * x)) * 3) + c] + frame[((((2 * y) * W) + (2 * x) + 1) * 3) + c]
                        + frame[((((2 * y + 1) * W) + (2 * x)) * 3) + c] + frame[((((2 * y + 1) * W) + (2 * x) + 1) * 3) + c];
                    output[(((y * (W / 2)) + x) * 3) + c] = (byte)((sum + 2) / 4);
                }
            }
        }
        return output;
    }
}
