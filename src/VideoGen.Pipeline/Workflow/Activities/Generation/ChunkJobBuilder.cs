using VideoGen.Contracts.Gpu;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>Builds the <see cref="GpuJob"/> of one chunk attempt. A pure function of its arguments.</summary>
public static class ChunkJobBuilder
{
    /// <summary>
    /// The job for <paramref name="request"/>: the configured motion model; the chunk's frames at the preview size on
    /// both tiers (the final's 2× is the upsample in <see cref="AssembleClip"/>); the clip's fps; overlap; the shot's
    /// seed and palette (<see cref="ShotLook"/>); the camera keyframes of every shot the chunk touches
    /// (<see cref="CameraPaths"/>); the prepared product blobs; an output prefix that is the same for every attempt
    /// and a job id unique to the attempt (<see cref="GenerationLayout"/>); the request's deadline and traceparent.
    /// </summary>
    /// <param name="request">The chunk, tier and attempt.</param>
    /// <param name="model">The motion model.</param>
    /// <exception cref="RunFailedException">The chunk does not belong to the plan or brief (code <c>render.plan-invalid</c>).</exception>
    public static GpuJob Build(ChunkJobRequest request, GpuModelRef model)
    {
        int version = request?.Version ?? 1;
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        Brief brief = request.Brief.Brief;
        ChunkSpec chunk = request.Chunk;
        if (request.Plan.Fps != brief.Fps || chunk.FrameCount < 1 || chunk.FirstFrame < 0
            || chunk.FirstFrame + chunk.FrameCount > request.Plan.TotalFrames || chunk.Overlap < 0 || chunk.Overlap >= chunk.FrameCount
            || request.Attempt < 1)
        {
            throw new RunFailedException("render.plan-invalid",
                $"Chunk {chunk.Index} (frames {chunk.FirstFrame}+{chunk.FrameCount}, overlap {chunk.Overlap}, attempt {request.Attempt}) does not fit the plan of {request.Plan.TotalFrames} frames at {request.Plan.Fps} fps.");
        }

        Shot shot = brief.Shots.FirstOrDefault(s => s.Id == chunk.ShotId)
            ?? throw new RunFailedException("render.plan-invalid", $"Chunk {chunk.Index} names shot '{chunk.ShotId}', which the brief does not have.");
        PreparedAssets assets = request.Assets;
        long last = chunk.FirstFrame + chunk.FrameCount - 1;
        var spec = new GpuChunkSpec(
            chunk.FrameCount,
            assets.Sizes.PreviewWidth,
            assets.Sizes.PreviewHeight,
            brief.Fps,
            chunk.Overlap,
            ShotLook.Seed(brief, shot) + ((version - 1) * 1_000_003L), // a re-render (new version) gives new frames
            chunk.FirstFrame,
            new GpuShotParameters(ShotLook.Palette(brief, shot), CameraPaths.ForFrames(brief, chunk.FirstFrame, last)));
        string runHash = GenerationLayout.RunHashOf(assets.WorkPrefix);
        return new GpuJob(
            GenerationLayout.JobId(runHash, request.Tier, version, chunk.Index, request.Attempt),
            request.InstanceId,
            chunk.Index,
            request.Tier,
            model,
            spec,
            assets.Container,
            new GpuJobInputs(assets.ProductRgbaBlob, assets.ProductWidth, assets.ProductHeight, assets.ProductMaskBlob),
            GenerationLayout.ChunkOutputPrefix(assets.WorkPrefix, request.Tier, version, chunk.Index),
            request.Deadline,
            request.TraceParent);
    }
}
