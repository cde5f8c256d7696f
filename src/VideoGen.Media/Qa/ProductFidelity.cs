namespace VideoGen.Media;

/// <summary>How faithfully the product appears in the frames.</summary>
/// <param name="FramesSampled">Frames measured.</param>
/// <param name="MeanMaskIoU">Mean intersection over union of where the product's pixels appear vs the source mask (1 = exact).</param>
/// <param name="MinMaskIoU">Worst frame's IoU.</param>
/// <param name="MeanDeltaE">Mean CIE76 ΔE between frame and photo over the source mask (below ~2 is invisible, above ~10 obvious).</param>
/// <param name="MaxFrameDeltaE">Worst frame's mean ΔE.</param>
public sealed record ProductFidelityReport(int FramesSampled, double MeanMaskIoU, double MinMaskIoU, double MeanDeltaE, double MaxFrameDeltaE);

/// <summary>Measures product fidelity against the source photo at the known placement.</summary>
public static class ProductFidelity
{
    /// <summary>
    /// For every <paramref name="stride"/>-th frame: a pixel of the product's box counts as showing the product when its
    /// colour is within <paramref name="matchDeltaE"/> of the photo's pixel; that set's IoU with the source mask, and the
    /// mean ΔE over the source mask, are reported.
    /// </summary>
    public static ProductFidelityReport Measure(
        FrameSequence frames, ProductImage product, Func<int, ProductPlacement> placement, int stride = 1, double matchDeltaE = 10)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        if (frames.Count == 0)
        {
            throw new ArgumentException("There are no frames to measure.", nameof(frames));
        }

        var productLab = new (double L, double A, double B)[product.Width * product.Height];
        for (int p = 0; p < productLab.Length; p++)
        {
            productLab[p] = Cielab.FromRgb(product.Rgb[p * 3], product.Rgb[(p * 3) + 1], product.Rgb[(p * 3) + 2]);
        }

        var ious = new List<double>();
        var deltas = new List<double>();
        for (int f = 0; f < frames.Count; f += stride)
        {
            (double iou, double deltaE) = MeasureFrame(frames, f, product, productLab, placement(f), matchDeltaE);
            ious.Add(iou);
            deltas.Add(deltaE);
        }

        return new ProductFidelityReport(ious.Count, ious.Average(), ious.Min(), deltas.Average(), deltas.Max());
    }

    private static (double IoU, double DeltaE) MeasureFrame(
        FrameSequence frames, int index, ProductImage product, (double L, double A, double B)[] productLab, ProductPlacement at, double match)
    {
        byte[] frame = frames.Frames[index];
        int intersection = 0, union = 0, maskPixels = 0;
        double deltaSum = 0;
        for (int py = 0; py < product.Height; py++)
        {
            for (int px = 0; px < product.Width; px++)
            {
                int p = (py * product.Width) + px;
                bool inMask = product.Mask.Alpha[p] >= 128;
                int x = at.X + px, y = at.Y + py;
                double delta = double.PositiveInfinity;
                if (x >= 0 && y >= 0 && x < frames.Width && y < frames.Height)
                {
                    int o = ((y * frames.Width) + x) * 3;
                    delta = Cielab.DeltaE(Cielab.FromRgb(frame[o], frame[o + 1], frame[o + 2]), productLab[p]);
                }

                bool shown = delta <= match;
                intersection += inMask && shown ? 1 : 0;
                union += inMask || shown ? 1 : 0;
                if (inMask)
                {
                    maskPixels++;
                    deltaSum += double.IsPositiveInfinity(delta) ? 100 : delta;
                }
            }
        }

        return (union == 0 ? 1 : intersection / (double)union, maskPixels == 0 ? 0 : deltaSum / maskPixels);
    }
}

/// <summary>sRGB (D65) to CIE L*a*b* and CIE76 ΔE.</summary>
internal static class Cielab
{
    private static readonly double[] Linear = Enumerable.Range(0, 256)
        .Select(v => v / 255.0)
        .Select(c => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4))
        .ToArray();

    public static (double L, double A, double B) FromRgb(byte r, byte g, byte b)
    {
        double lr = Linear[r], lg = Linear[g], lb = Linear[b];
        double x = ((0.4124 * lr) + (0.3576 * lg) + (0.1805 * lb)) / 0.95047;
        double y = (0.2126 * lr) + (0.7152 * lg) + (0.0722 * lb);
        double z = ((0.0193 * lr) + (0.1192 * lg) + (0.9505 * lb)) / 1.08883;
        double fx = F(x), fy = F(y), fz = F(z);
        return ((116 * fy) - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    public static double DeltaE((double L, double A, double B) p, (double L, double A, double B) q) =>
        Math.Sqrt(((p.L - q.L) * (p.L - q.L)) + ((p.A - q.A) * (p.A - q.A)) + ((p.B - q.B) * (p.B - q.B)));

    private static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : (7.787 * t) + (16.0 / 116);
}
