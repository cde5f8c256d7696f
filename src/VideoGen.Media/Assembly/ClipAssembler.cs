namespace VideoGen.Media;

/// <summary>What to do when assembling a clip from chunks.</summary>
public sealed record AssemblyOptions
{
    /// <summary>Encode tier. Default <see cref="EncodeTier.Preview"/>.</summary>
    public EncodeTier Tier { get; init; } = EncodeTier.Preview;

    /// <summary>Upsample the blended frames 2× with ffmpeg before compositing (the final tier's plain path). Default false.</summary>
    public bool Upsample { get; init; }

    /// <summary>Grade of the generated frames, applied before the product goes on so the product keeps its true colours. Null for none.</summary>
    public ColorCorrection? Grade { get; init; }

    /// <summary>The product to composite; null for none.</summary>
    public ProductImage? Product { get; init; }

    /// <summary>Where the product sits in each frame, in the coordinates of the (upsampled) frames. Default top-left.</summary>
    public Func<int, ProductPlacement> Placement { get; init; } = _ => default;

    /// <summary>Captions and branding; null for none.</summary>
    public VideoOverlay? Overlay { get; init; }

    /// <summary>Frame used for the thumbnail; null picks the middle frame.</summary>
    public int? ThumbnailFrame { get; init; }

    /// <summary>QA thresholds; the seam window defaults to the largest chunk overlap.</summary>
    public FrameQaOptions? Qa { get; init; }
}

/// <summary>The assembled clip, its thumbnail, and the QA numbers of the frames that were encoded.</summary>
/// <param name="Video">ffprobe facts of the MP4.</param>
/// <param name="Thumbnail">ffprobe facts of the thumbnail.</param>
/// <param name="Qa">Frame-level QA of the composited frames before encoding.</param>
/// <param name="Fidelity">Product fidelity, when a product was composited.</param>
public sealed record AssembledClip(MediaFacts Video, MediaFacts Thumbnail, FrameQaReport Qa, ProductFidelityReport? Fidelity);

/// <summary>DESIGN §3 step 7: blend chunk seams, (upsample), grade, composite the product, encode, thumbnail, measure.</summary>
public static class ClipAssembler
{
    /// <summary>Assembles <paramref name="chunks"/> into <paramref name="videoPath"/> and <paramref name="thumbnailPath"/>.</summary>
    public static async Task<AssembledClip> AssembleAsync(
        IReadOnlyList<FrameChunk> chunks,
        string videoPath,
        string thumbnailPath,
        AssemblyOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(options);
        BlendedClip blended = SeamBlender.Blend(chunks);
        FrameSequence frames = blended.Frames;
        cancellationToken.ThrowIfCancellationRequested();
        if (options.Upsample)
        {
            frames = await FrameFilters.UpsampleAsync(frames, 2, cancellationToken).ConfigureAwait(false);
        }

        if (options.Grade is not null)
        {
            frames = options.Grade.Apply(frames);
        }

        ProductFidelityReport? fidelity = null;
        if (options.Product is not null)
        {
            frames = ProductCompositor.Composite(frames, options.Product, options.Placement);
            fidelity = ProductFidelity.Measure(frames, options.Product, options.Placement);
        }

        cancellationToken.ThrowIfCancellationRequested();
        FrameQaOptions qaOptions = options.Qa ?? new FrameQaOptions { SeamWindow = Math.Max(1, chunks.Max(c => c.OverlapFrames)) };
        FrameQaReport qa = FrameQa.Analyze(frames, blended.SeamFrameIndices, qaOptions);
        MediaFacts video = await VideoEncoder.EncodeAsync(frames, videoPath, options.Tier, options.Overlay, cancellationToken).ConfigureAwait(false);
        int? thumbWidth = options.Tier == EncodeTier.Preview ? video.Width : null;
        MediaFacts thumbnail = await ThumbnailWriter.WriteAsync(
            frames, options.ThumbnailFrame ?? frames.Count / 2, thumbnailPath, thumbWidth, cancellationToken).ConfigureAwait(false);
        return new AssembledClip(video, thumbnail, qa, fidelity);
    }
}
