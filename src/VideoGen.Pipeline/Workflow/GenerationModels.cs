using VideoGen.Contracts.Gpu;

namespace VideoGen.Pipeline.Workflow;

/// <summary>Frame sizes of the two tiers for a brief's aspect ratio.</summary>
/// <param name="PreviewWidth">Preview (interactive tier) width, even.</param>
/// <param name="PreviewHeight">Preview height, even.</param>
/// <param name="FinalWidth">Final (batch tier) output width after the 2× upsample, even.</param>
/// <param name="FinalHeight">Final output height, even.</param>
public sealed record RenderSizes(int PreviewWidth, int PreviewHeight, int FinalWidth, int FinalHeight);

/// <summary>Input of <c>PrepareAssets</c>.</summary>
/// <param name="Run">The run input.</param>
/// <param name="Brief">The validated brief.</param>
public sealed record PrepareInput(BriefRunInput Run, ValidatedBrief Brief);

/// <summary>
/// What <c>PrepareAssets</c> leaves in the run's working area (<c>work/{tenant}/{run}/…</c> in <see cref="Container"/>):
/// the product photo as raw RGBA8 and its mask as raw 8-bit grey (the GPU worker's input formats), a thumbnail of the
/// source photo, and the render sizes.
/// </summary>
/// <param name="Container">The working container.</param>
/// <param name="WorkPrefix">The run's prefix in it, no trailing '/'.</param>
/// <param name="ProductRgbaBlob">Raw RGBA8 product photo.</param>
/// <param name="ProductMaskBlob">Raw 8-bit product mask.</param>
/// <param name="ProductWidth">Product photo width (after normalization).</param>
/// <param name="ProductHeight">Product photo height.</param>
/// <param name="MaskFromAlpha">True when the mask came from the photo's alpha channel, false when segmented from a plain backdrop.</param>
/// <param name="SourceThumbnailBlob">JPEG thumbnail of the product photo.</param>
/// <param name="Sizes">Render sizes per tier.</param>
public sealed record PreparedAssets(
    string Container,
    string WorkPrefix,
    string ProductRgbaBlob,
    string ProductMaskBlob,
    int ProductWidth,
    int ProductHeight,
    bool MaskFromAlpha,
    string SourceThumbnailBlob,
    RenderSizes Sizes);

/// <summary>Input of <c>SubmitChunkJob</c>: one chunk of one tier, one attempt.</summary>
/// <param name="Run">The run input.</param>
/// <param name="InstanceId">The instance results are routed to (the run, or its render sub-orchestration).</param>
/// <param name="Brief">The validated brief.</param>
/// <param name="Assets">Prepared inputs.</param>
/// <param name="Plan">The chunk plan.</param>
/// <param name="Chunk">The chunk.</param>
/// <param name="Tier">Interactive (preview) or batch (final).</param>
/// <param name="Attempt">1 for the first submission; a retry gets a new job id and the same output prefix.</param>
/// <param name="Deadline">The job's deadline.</param>
/// <param name="TraceParent">W3C traceparent of the orchestration step, or null.</param>
/// <param name="Version">Output version (1, then 2… after a re-render with feedback): part of the output prefix and of the seed, so a re-render gives new frames.</param>
public sealed record ChunkJobRequest(
    BriefRunInput Run,
    string InstanceId,
    ValidatedBrief Brief,
    PreparedAssets Assets,
    ChunkPlan Plan,
    ChunkSpec Chunk,
    GpuTier Tier,
    int Attempt,
    DateTimeOffset Deadline,
    string? TraceParent,
    int Version = 1);

/// <summary>One FFmpeg invocation, for the provenance manifest.</summary>
/// <param name="Step">What it did, e.g. <c>encode-preview</c>.</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record FfmpegInvocation(string Step, IReadOnlyList<string> Arguments);

/// <summary>Input of <c>AssembleClip</c>: every chunk's result, blended, composited, graded and encoded at one tier.</summary>
/// <param name="Run">The run input.</param>
/// <param name="Brief">The validated brief.</param>
/// <param name="Assets">Prepared inputs.</param>
/// <param name="Plan">The chunk plan.</param>
/// <param name="Tier">Interactive → preview encode; batch → final (upsample, grade, captions/branding).</param>
/// <param name="Chunks">The succeeded result of every chunk, in chunk order.</param>
/// <param name="Version">Output version (1, then 2… after a re-render), part of the output blob names.</param>
public sealed record AssembleInput(
    BriefRunInput Run,
    ValidatedBrief Brief,
    PreparedAssets Assets,
    ChunkPlan Plan,
    GpuTier Tier,
    IReadOnlyList<GpuJobResult> Chunks,
    int Version);

/// <summary>An encoded clip in the working area, with what the checks and the manifest need.</summary>
/// <param name="Container">Container of the blobs.</param>
/// <param name="VideoBlob">The H.264 MP4.</param>
/// <param name="ThumbnailBlob">Its JPEG thumbnail.</param>
/// <param name="SampleFrameBlobs">JPEG frames sampled across the clip (for frame-level content safety).</param>
/// <param name="DurationSeconds">Duration by ffprobe.</param>
/// <param name="Width">Width by ffprobe.</param>
/// <param name="Height">Height by ffprobe.</param>
/// <param name="Fps">Frame rate by ffprobe.</param>
/// <param name="EncodeSeconds">Wall seconds spent blending, compositing and encoding.</param>
/// <param name="VideoSha256">SHA-256 of the MP4 file as written.</param>
/// <param name="Ffmpeg">The FFmpeg invocations.</param>
/// <param name="Qa">Frame-level QA metrics by name (missingFrames, duplicatedFrames, flickerIndex, maxSeamDiscontinuity, productIoU, productDeltaE…).</param>
/// <param name="ChunkSha256">SHA-256 of each chunk's index blob, by chunk index.</param>
public sealed record ClipArtifact(
    string Container,
    string VideoBlob,
    string ThumbnailBlob,
    IReadOnlyList<string> SampleFrameBlobs,
    double DurationSeconds,
    int Width,
    int Height,
    double Fps,
    double EncodeSeconds,
    string VideoSha256,
    IReadOnlyList<FfmpegInvocation> Ffmpeg,
    IReadOnlyDictionary<string, double> Qa,
    IReadOnlyDictionary<int, string> ChunkSha256);
