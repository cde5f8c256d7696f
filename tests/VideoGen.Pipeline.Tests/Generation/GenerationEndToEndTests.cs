using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using VideoGen.Contracts.Gpu;
using VideoGen.Media;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Tests.Generation;

/// <summary>
/// The generation activities end to end on real Azurite, ONNX Runtime (the in-process GPU worker) and ffmpeg: a 2 s
/// brief at 24 fps planned in chunks of 24 overlapping by 8, prepared, submitted, rendered and assembled at both tiers.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GenerationEndToEndTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoSecondBrief_PreparedSubmittedRenderedAssembled_VerifiedClipsAtBothTiers()
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var queues = new QueueServiceClient(azurite.ConnectionString);
        string uploads = Unique.HubName("up").ToLowerInvariant(), work = Unique.HubName("work").ToLowerInvariant();
        string prefix = Unique.HubName("g").ToLowerInvariant() + "-";
        var options = GenerationTestData.Options(work, prefix);
        Brief brief = GenerationTestData.Brief();
        ValidatedBrief validated = await GenerationTestData.UploadAsync(blobs, uploads, brief, GenerationTestData.SamplePng("launch-16x9"));
        BriefRunInput run = GenerationTestData.Run(uploads, brief);
        string instanceId = GenerationTestData.InstanceId(run);

        PreparedAssets assets = await GenerationTestData.Prepare(blobs, options).PrepareAsync(new PrepareInput(run, validated), instanceId, CancellationToken.None);
        ChunkPlan plan = ChunkPlanner.Plan(brief, chunkFrames: 24, overlapFrames: 8);
        Assert.Equal((48L, 3), (plan.TotalFrames, plan.Chunks.Count));
        await using var worker = new InProcessWorker(azurite.ConnectionString, prefix);
        BlobContainerClient container = blobs.GetBlobContainerClient(work);
        var rendered = new Dictionary<GpuTier, IReadOnlyList<GpuJobResult>>();

        foreach ((GpuTier tier, int width, int height) in new[] { (GpuTier.Interactive, 128, 72), (GpuTier.Batch, 512, 288) })
        {
            var submit = GenerationTestData.Submit(queues, options);
            var ids = new List<string>();
            foreach (ChunkSpec chunk in plan.Chunks)
            {
                ids.Add(await submit.SubmitAsync(new ChunkJobRequest(run, instanceId, validated, assets, plan, chunk, tier, 1,
                    DateTimeOffset.UtcNow.AddHours(1), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), CancellationToken.None));
            }

            var render = Stopwatch.StartNew();
            IReadOnlyList<GpuJobResult> results = await worker.RenderAsync(ids);
            render.Stop();
            Assert.All(results, r => Assert.Equal(GpuJobStatus.Succeeded, r.Status));
            rendered[tier] = results;

            var assemble = Stopwatch.StartNew();
            ClipArtifact clip = await GenerationTestData.Assemble(blobs, options)
                .AssembleAsync(new AssembleInput(run, validated, assets, plan, tier, results, 1), CancellationToken.None);
            assemble.Stop();
            output.WriteLine($"{tier}: render {render.Elapsed.TotalSeconds:F2} s (device {results.Sum(r => r.DeviceSeconds):F2} s), assemble {assemble.Elapsed.TotalSeconds:F2} s (encode seconds {clip.EncodeSeconds:F2}), {clip.Width}x{clip.Height}");
            output.WriteLine(string.Join(", ", clip.Qa.Select(q => $"{q.Key}={q.Value:0.###}")));

            // ffprobe facts of the clip as stored, and its hash.
            string tierName = tier == GpuTier.Batch ? "batch" : "interactive";
            Assert.Equal($"{assets.WorkPrefix}/{tierName}/v1/video.mp4", clip.VideoBlob);
            Assert.Equal((width, height, 24.0), (clip.Width, clip.Height, Math.Round(clip.Fps, 2)));
            Assert.InRange(clip.DurationSeconds, 2 - (1 / 24.0), 2 + (1 / 24.0));
            string file = Path.Combine(Path.GetTempPath(), $"{Unique.HubName("clip")}.mp4");
            try
            {
                await container.GetBlobClient(clip.VideoBlob).DownloadToAsync(file);
                MediaFacts facts = await MediaVerifier.VerifyAsync(file, new MediaExpectation
                {
                    Codec = "h264", Width = width, Height = height, Fps = 24, Duration = TimeSpan.FromSeconds(2),
                });
                Assert.Equal("h264", facts.Codec);
                Assert.Equal(clip.VideoSha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))));
                Assert.Equal(48, (await VideoDecoder.DecodeAsync(file)).Count);
            }
            finally
            {
                File.Delete(file);
            }

            // QA: every frame there, seams blended, the product composited where the camera puts it.
            Assert.Equal((48.0, 0.0), (clip.Qa["frameCount"], clip.Qa["missingFrames"]));
            Assert.True(clip.Qa["maxSeamDiscontinuity"] < 2.5, $"seam {clip.Qa["maxSeamDiscontinuity"]}");
            // Chunk 1 takes the detail shot's look: its crossfade is the one dissolve; within shots nothing jumps.
            Assert.Equal((1.0, 0.0), (clip.Qa["lookTransitions"], clip.Qa["motionJumpsWithinShots"]));
            Assert.True(clip.Qa["maxSeamDiscontinuityWithinShots"] < 2.5, $"seam within shots {clip.Qa["maxSeamDiscontinuityWithinShots"]}");
            Assert.True(clip.Qa["productIoU"] > 0.9, $"product IoU {clip.Qa["productIoU"]}");
            Assert.True(clip.Qa["productDeltaE"] < 5, $"product ΔE {clip.Qa["productDeltaE"]}");
            Assert.True(clip.Qa["productFramesSampled"] >= 12);
            Assert.Contains("modelProductIoU", clip.Qa.Keys);
            Assert.Contains("flickerIndex", clip.Qa.Keys);

            // Thumbnail and sampled frames beside the clip; hashes of the chunk indexes.
            MediaFacts thumb = await PrepareAssetsTests.ProbeBlobAsync(container, clip.ThumbnailBlob, ".jpg");
            Assert.Equal(("mjpeg", width), (thumb.Codec, thumb.Width));
            Assert.Equal(4, clip.SampleFrameBlobs.Count);
            Assert.All(clip.SampleFrameBlobs, b => Assert.StartsWith($"{assets.WorkPrefix}/{tierName}/v1/frames/frame-", b, StringComparison.Ordinal));
            foreach (string sample in clip.SampleFrameBlobs)
            {
                Assert.True((await container.GetBlobClient(sample).ExistsAsync()).Value, sample);
            }

            Assert.Equal([0, 1, 2], clip.ChunkSha256.Keys.Order());
            for (int i = 0; i < 3; i++)
            {
                byte[] index = (await container.GetBlobClient(results[i].OutputBlobs[0]).DownloadContentAsync()).Value.Content.ToArray();
                Assert.Equal(clip.ChunkSha256[i], Convert.ToHexStringLower(SHA256.HashData(index)));
            }

            var steps = clip.Ffmpeg.Select(f => f.Step).ToList();
            Assert.Contains(tier == GpuTier.Batch ? "encode-final" : "encode-preview", steps);
            Assert.All(clip.Ffmpeg, f => Assert.NotEmpty(f.Arguments));
            if (tier == GpuTier.Batch)
            {
                Assert.Contains("upsample-2x", steps);
                Assert.Contains("brand", steps);
                Assert.Contains(clip.Ffmpeg.Single(f => f.Step == "brand").Arguments, a => a.Contains("drawtext=textfile=<watermark text>", StringComparison.Ordinal));
                Assert.Contains(steps, s => s.StartsWith("caption-0-frames-6-36", StringComparison.Ordinal));
            }
        }

        // Results that do not match the plan, and a segment whose bytes differ from its index, end the run.
        var assembleAgain = GenerationTestData.Assemble(blobs, options);
        var preview = rendered[GpuTier.Interactive];
        var missing = await Assert.ThrowsAsync<RunFailedException>(() => assembleAgain.AssembleAsync(
            new AssembleInput(run, validated, assets, plan, GpuTier.Interactive, [.. preview.Take(2)], 1), CancellationToken.None));
        Assert.Equal(("render.chunk-invalid", true), (missing.Code, missing.Message.Contains("2 chunk results for a plan of 3", StringComparison.Ordinal)));
        // A result pointing outside the run's tier folder (another run, another tenant) is refused before any read.
        var foreign = await Assert.ThrowsAsync<RunFailedException>(() => assembleAgain.AssembleAsync(
            new AssembleInput(run, validated, assets, plan, GpuTier.Batch, preview, 1), CancellationToken.None));
        Assert.Contains("is not a chunk index under", foreign.Message, StringComparison.Ordinal);
        string segment = preview[1].OutputBlobs[1];
        long length = (await container.GetBlobClient(segment).GetPropertiesAsync()).Value.ContentLength;
        await container.GetBlobClient(segment).UploadAsync(BinaryData.FromBytes(new byte[length]), overwrite: true);
        var tampered = await Assert.ThrowsAsync<RunFailedException>(() => assembleAgain.AssembleAsync(
            new AssembleInput(run, validated, assets, plan, GpuTier.Interactive, preview, 1), CancellationToken.None));
        Assert.Equal("render.chunk-invalid", tampered.Code);
        Assert.Contains("SHA-256", tampered.Message, StringComparison.Ordinal);
    }
}
