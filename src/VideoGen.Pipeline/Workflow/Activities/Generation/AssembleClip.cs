using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Contracts.Gpu;
using Microsoft.DurableTask;
using VideoGen.Media;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// DESIGN §3 steps 7 and 10. Reads every chunk's RGB24 frames through its index (verified: <see cref="ChunkReader"/>),
/// crossfades the seams (<see cref="SeamBlender"/>, the plan's overlaps), and for the batch tier upsamples 2×
/// (Lanczos); grades (<see cref="Grade"/>, before the product goes on); composites the real product photo at the
/// camera pose of each frame (<see cref="ProductPass"/>); measures <see cref="FrameQa"/> over the clip and, with the
/// dissolves between shots set aside, within shots (<see cref="TransitionQa"/>); for the batch tier burns in
/// the brand bar and timed captions (<see cref="ClipBranding"/>); encodes H.264 with the tier's profile (preview:
/// half size, fast; final: full size, slow); writes <c>video.mp4</c>, <c>thumbnail.jpg</c> and
/// <see cref="GenerationOptions.SampleFrames"/> JPEG frames under <c>{work}/{tier}/v{n}/</c>; verifies the MP4 with
/// ffprobe. Temporary files live in a directory under <see cref="Path.GetTempPath"/> removed at the end. Chunk results
/// that do not fit the plan or fail verification end the run with code <c>render.chunk-invalid</c>.
/// </summary>
public sealed partial class AssembleClip(BlobServiceClient blobs, IOptions<GenerationOptions> options, ILogger<AssembleClip> logger)
    : TaskActivity<AssembleInput, ClipArtifact>
{
    /// <summary>The grade of both tiers: a touch of contrast and saturation, applied to generated frames only.</summary>
    public static ColorCorrection Grade { get; } = new() { Contrast = 1.04, Saturation = 1.06 };

    private readonly GenerationOptions _options = options.Value;

    /// <inheritdoc />
    public override Task<ClipArtifact> RunAsync(TaskActivityContext context, AssembleInput input) => AssembleAsync(input, CancellationToken.None);

    /// <summary>The activity's body.</summary>
    public async Task<ClipArtifact> AssembleAsync(AssembleInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<GpuJobResult> results = CheckResults(input);
        PreparedAssets assets = input.Assets;
        BlobContainerClient work = blobs.GetBlobContainerClient(assets.Container);
        int width = assets.Sizes.PreviewWidth, height = assets.Sizes.PreviewHeight, fps = input.Brief.Brief.Fps;
        string tierPrefix = $"{assets.WorkPrefix}/{GenerationLayout.TierName(input.Tier)}";
        var chunks = new List<FrameChunk>(results.Count);
        var chunkSha = new SortedDictionary<int, string>();
        for (int i = 0; i < results.Count; i++)
        {
            VerifiedChunk chunk = await ChunkReader.ReadAsync(work, results[i], input.Plan.Chunks[i], tierPrefix, width, height, fps, cancellationToken).ConfigureAwait(false);
            chunks.Add(chunk.Chunk);
            chunkSha[i] = chunk.IndexSha256;
        }

        ProductImage product = await ReadProductAsync(work, assets, cancellationToken).ConfigureAwait(false);
        string dir = Directory.CreateTempSubdirectory("videogen-assemble-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            var ffmpeg = new List<FfmpegInvocation>();
            (FrameSequence frames, IReadOnlyList<int> seams) = SeamBlender.Blend(chunks);
            chunks.Clear(); // each step below replaces the frames, so earlier copies can be collected
            bool final = input.Tier == GpuTier.Batch;
            if (final)
            {
                ffmpeg.Add(FfmpegArguments.Upsample(frames, 2));
                frames = await FrameFilters.UpsampleAsync(frames, 2, cancellationToken).ConfigureAwait(false);
            }

            frames = Grade.Apply(frames);
            (frames, ProductPassReport fidelity) = ProductPass.Composite(
                frames, product, CameraPaths.ForClip(input.Brief.Brief), _options.FidelityStride, cancellationToken);
            var qaOptions = new FrameQaOptions { SeamWindow = Math.Max(1, input.Plan.OverlapFrames), ExpectedFrameCount = (int)input.Plan.TotalFrames };
            FrameQaReport qa = FrameQa.Analyze(frames, seams, qaOptions);
            TransitionQaReport withinShots = TransitionQa.Analyze(frames, input.Brief.Brief, input.Plan, seams, qaOptions);
            if (final)
            {
                (frames, IReadOnlyList<FfmpegInvocation> steps) = await ClipBranding.ApplyAsync(frames, input.Brief.Brief.Brand, cancellationToken).ConfigureAwait(false);
                ffmpeg.AddRange(steps);
            }

            EncodeTier tier = final ? EncodeTier.Final : EncodeTier.Preview;
            string mp4 = Path.Combine(dir, "video.mp4");
            ffmpeg.Add(FfmpegArguments.Encode(tier, frames, "video.mp4"));
            MediaFacts encoded = await VideoEncoder.EncodeAsync(frames, mp4, tier, cancellationToken: cancellationToken).ConfigureAwait(false);
            (int outW, int outH) = EncodeProfile.For(tier).OutputSize(frames.Width, frames.Height);

            // The encoder has probed the file against the frames it was given; check the same facts against the plan too.
            MediaFacts facts = MediaVerifier.Verify(encoded, new MediaExpectation
            {
                Codec = "h264", Width = outW, Height = outH, Fps = fps, Duration = TimeSpan.FromSeconds(input.Plan.TotalFrames / (double)fps),
            });

            var jpegs = new List<(string Blob, string Path)>();
            string thumb = Path.Combine(dir, "thumbnail.jpg");
            MediaFacts thumbFacts = await ThumbnailWriter.WriteAsync(frames, frames.Count / 2, thumb, outW, cancellationToken).ConfigureAwait(false);
            ffmpeg.Add(FfmpegArguments.Jpeg("thumbnail", frames, thumbFacts.Width, thumbFacts.Height, "thumbnail.jpg"));
            jpegs.Add((GenerationLayout.Thumbnail(assets.WorkPrefix, input.Tier, input.Version), thumb));
            foreach (int f in SampleIndices(frames.Count, _options.SampleFrames))
            {
                string path = Path.Combine(dir, $"frame-{f:D6}.jpg");
                MediaFacts sample = await ThumbnailWriter.WriteAsync(frames, f, path, outW, cancellationToken).ConfigureAwait(false);
                ffmpeg.Add(FfmpegArguments.Jpeg($"sample-frame-{f}", frames, sample.Width, sample.Height, Path.GetFileName(path)));
                jpegs.Add((GenerationLayout.SampleFrame(assets.WorkPrefix, input.Tier, input.Version, f), path));
            }

            clock.Stop();
            string videoBlob = GenerationLayout.Video(assets.WorkPrefix, input.Tier, input.Version);
            string videoSha;
            await using (FileStream stream = File.OpenRead(mp4))
            {
                videoSha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            }

            await BlobReads.UploadFileAsync(work, videoBlob, mp4, "video/mp4", cancellationToken).ConfigureAwait(false);
            foreach ((string blob, string path) in jpegs)
            {
                await BlobReads.UploadFileAsync(work, blob, path, "image/jpeg", cancellationToken).ConfigureAwait(false);
            }

            Log.Assembled(logger, videoBlob, facts.Width, facts.Height, facts.Duration.TotalSeconds, clock.Elapsed.TotalSeconds, qa.MaxSeamDiscontinuity, fidelity.MeanMaskIoU);
            return new ClipArtifact(
                assets.Container,
                videoBlob,
                jpegs[0].Blob,
                [.. jpegs.Skip(1).Select(j => j.Blob)],
                facts.Duration.TotalSeconds,
                facts.Width,
                facts.Height,
                facts.Fps,
                clock.Elapsed.TotalSeconds,
                videoSha,
                ffmpeg,
                QaMetrics(qa, withinShots, fidelity),
                chunkSha);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Frame indices of <paramref name="samples"/> frames spread evenly: the middles of equal parts of the clip.</summary>
    public static IReadOnlyList<int> SampleIndices(int frameCount, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        return [.. Enumerable.Range(0, samples).Select(k => (int)(((2L * k) + 1) * frameCount / (2L * samples))).Distinct()];
    }

    private static Dictionary<string, double> QaMetrics(FrameQaReport qa, TransitionQaReport withinShots, ProductPassReport fidelity) => new(StringComparer.Ordinal)
    {
        ["frameCount"] = qa.FrameCount,
        ["missingFrames"] = qa.MissingFrames,
        ["duplicatedFrames"] = qa.DuplicatedFrames,
        ["motionJumps"] = qa.MotionJumps,
        ["medianChange"] = qa.MedianChange,
        ["flickerIndex"] = qa.FlickerIndex,
        ["peakFlicker"] = qa.PeakFlicker,
        ["maxSeamDiscontinuity"] = qa.MaxSeamDiscontinuity,
        ["lookTransitions"] = withinShots.LookTransitions,
        ["motionJumpsWithinShots"] = withinShots.MotionJumps,
        ["maxSeamDiscontinuityWithinShots"] = withinShots.MaxSeamDiscontinuity,
        ["peakFlickerWithinShots"] = withinShots.PeakFlicker,
        ["productFramesSampled"] = fidelity.FramesSampled,
        ["productIoU"] = fidelity.MeanMaskIoU,
        ["productMinIoU"] = fidelity.MinMaskIoU,
        ["productDeltaE"] = fidelity.MeanDeltaE,
        ["productMaxDeltaE"] = fidelity.MaxDeltaE,
        ["modelProductIoU"] = fidelity.ModelMeanMaskIoU,
        ["modelProductDeltaE"] = fidelity.ModelMeanDeltaE,
    };

    private static List<GpuJobResult> CheckResults(AssembleInput input)
    {
        var problems = new List<string>();
        var ordered = input.Chunks.OrderBy(r => r.ChunkIndex).ToList();
        if (ordered.Count != input.Plan.Chunks.Count)
        {
            problems.Add($"{ordered.Count} chunk results for a plan of {input.Plan.Chunks.Count} chunks");
        }

        for (int i = 0; i < ordered.Count && problems.Count == 0; i++)
        {
            GpuJobResult r = ordered[i];
            if (r.ChunkIndex != i || r.Status != GpuJobStatus.Succeeded || r.Container != input.Assets.Container || r.Frames != input.Plan.Chunks[i].FrameCount)
            {
                problems.Add($"result {r.JobId} (chunk {r.ChunkIndex}, {r.Status}, {r.Frames} frames in '{r.Container}') is not a succeeded chunk {i} of {input.Plan.Chunks[i].FrameCount} frames in '{input.Assets.Container}'");
            }
        }

        return problems.Count == 0 ? ordered : throw new RunFailedException(ChunkReader.Code, string.Join("; ", problems) + ".");
    }

    private static async Task<ProductImage> ReadProductAsync(BlobContainerClient work, PreparedAssets assets, CancellationToken cancellationToken)
    {
        int plane = assets.ProductWidth * assets.ProductHeight;
        byte[] rgba = await BlobReads.ReadAsync(work.GetBlobClient(assets.ProductRgbaBlob), 4L * plane, "product.unusable", cancellationToken, exactBytes: true).ConfigureAwait(false);
        byte[] mask = await BlobReads.ReadAsync(work.GetBlobClient(assets.ProductMaskBlob), plane, "product.unusable", cancellationToken, exactBytes: true).ConfigureAwait(false);
        var rgb = new byte[plane * 3];
        for (int p = 0; p < plane; p++)
        {
            rgb[p * 3] = rgba[p * 4];
            rgb[(p * 3) + 1] = rgba[(p * 4) + 1];
            rgb[(p * 3) + 2] = rgba[(p * 4) + 2];
        }

        return new ProductImage(assets.ProductWidth, assets.ProductHeight, rgb, new ProductMask(assets.ProductWidth, assets.ProductHeight, mask), assets.MaskFromAlpha);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Assembled {VideoBlob}: {Width}x{Height}, {Duration:F2} s, in {Seconds:F2} s; seam {Seam:F2}, product IoU {IoU:F3}")]
        public static partial void Assembled(ILogger logger, string videoBlob, int width, int height, double duration, double seconds, double seam, double iou);
    }
}
