using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// Frame sizes per aspect ratio, small enough for the reference models on a 2-core CPU. Both tiers render at the
/// preview size (the motion model's generation size); the final's 2× comes from the upsample step of
/// <see cref="AssembleClip"/>. Note the preview <i>encode</i> halves again (VideoGen.Media's preview profile), so a
/// 256×144 preview plays as 128×72; the final plays at 512×288.
/// </summary>
public static class RenderSizing
{
    /// <summary>The sizes of <paramref name="aspect"/>: 16:9 256×144, 9:16 144×256, 1:1 192×192, 4:5 192×240; final 2× each.</summary>
    public static RenderSizes For(AspectRatio aspect)
    {
        (int w, int h) = aspect switch
        {
            AspectRatio.Landscape16x9 => (256, 144),
            AspectRatio.Portrait9x16 => (144, 256),
            AspectRatio.Square1x1 => (192, 192),
            AspectRatio.Portrait4x5 => (192, 240),
            _ => throw new ArgumentOutOfRangeException(nameof(aspect), aspect, "Unknown aspect ratio."),
        };
        return new RenderSizes(w, h, 2 * w, 2 * h);
    }

    /// <summary>The largest even size with the aspect of <paramref name="width"/>×<paramref name="height"/> that fits in <paramref name="maxSide"/>² (never enlarged; at least 2×2).</summary>
    public static (int Width, int Height) FitWithin(int width, int height, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 2);
        double scale = Math.Min(1, maxSide / (double)Math.Max(width, height));
        int Even(double v) => Math.Max(2, (int)Math.Floor(v / 2) * 2);
        return (Even(width * scale), Even(height * scale));
    }
}
