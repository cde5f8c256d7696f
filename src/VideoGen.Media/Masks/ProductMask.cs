namespace VideoGen.Media;

/// <summary>A per-pixel coverage mask: 0 = background, 255 = product, values between are partial coverage.</summary>
public sealed class ProductMask
{
    /// <summary>Creates a mask of <c>width * height</c> coverage bytes, row-major.</summary>
    /// <exception cref="ArgumentException">The array does not match the dimensions.</exception>
    public ProductMask(int width, int height, byte[] alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Length != width * height)
        {
            throw new ArgumentException($"Mask has {alpha.Length} values; {width}x{height} needs {width * height}.", nameof(alpha));
        }

        Width = width;
        Height = height;
        Alpha = alpha;
    }

    /// <summary>Mask width in pixels.</summary>
    public int Width { get; }

    /// <summary>Mask height in pixels.</summary>
    public int Height { get; }

    /// <summary>Coverage values, one per pixel, row-major.</summary>
    public byte[] Alpha { get; }

    /// <summary>Share of pixels at or above half coverage (0..1).</summary>
    public double Coverage => Alpha.Count(a => a >= 128) / (double)Alpha.Length;

    /// <summary>Intersection over union of the two masks thresholded at half coverage; 1 when both are empty.</summary>
    /// <exception cref="ArgumentException">The masks differ in size.</exception>
    public static double IntersectionOverUnion(ProductMask a, ProductMask b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"Masks differ in size: {a.Width}x{a.Height} vs {b.Width}x{b.Height}.");
        }

        int intersection = 0, union = 0;
        for (int i = 0; i < a.Alpha.Length; i++)
        {
            bool inA = a.Alpha[i] >= 128, inB = b.Alpha[i] >= 128;
            intersection += inA && inB ? 1 : 0;
            union += inA || inB ? 1 : 0;
        }

        return union == 0 ? 1.0 : intersection / (double)union;
    }
}
