namespace VideoGen.Media;

/// <summary>A product photo as RGB24 pixels with its coverage mask.</summary>
public sealed class ProductImage
{
    /// <summary>Creates a product image.</summary>
    /// <exception cref="ArgumentException">The pixels or mask do not match the dimensions.</exception>
    public ProductImage(int width, int height, byte[] rgb, ProductMask mask, bool maskFromAlpha)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(mask);
        if (rgb.Length != width * height * 3 || mask.Width != width || mask.Height != height)
        {
            throw new ArgumentException($"Pixels ({rgb.Length} bytes) or mask ({mask.Width}x{mask.Height}) do not match {width}x{height}.");
        }

        Width = width;
        Height = height;
        Rgb = rgb;
        Mask = mask;
        MaskFromAlpha = maskFromAlpha;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>RGB24 pixels, row-major.</summary>
    public byte[] Rgb { get; }

    /// <summary>Where the product is.</summary>
    public ProductMask Mask { get; }

    /// <summary>True when the mask came from the photo's alpha channel; false when it was segmented from the backdrop.</summary>
    public bool MaskFromAlpha { get; }

    /// <summary>Bilinear resize of the pixels and the mask together.</summary>
    public ProductImage Resize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        byte[] rgb = Bilinear(Rgb, Width, Height, 3, width, height);
        byte[] alpha = Bilinear(Mask.Alpha, Width, Height, 1, width, height);
        return new ProductImage(width, height, rgb, new ProductMask(width, height, alpha), MaskFromAlpha);
    }

    private static byte[] Bilinear(byte[] src, int sw, int sh, int channels, int dw, int dh)
    {
        var dst = new byte[dw * dh * channels];
        for (int y = 0; y < dh; y++)
        {
            double fy = Math.Clamp(((y + 0.5) * sh / dh) - 0.5, 0, sh - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, sh - 1);
            double wy = fy - y0;
            for (int x = 0; x < dw; x++)
            {
                double fx = Math.Clamp(((x + 0.5) * sw / dw) - 0.5, 0, sw - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, sw - 1);
                double wx = fx - x0;
                for (int c = 0; c < channels; c++)
                {
                    double top = (src[((y0 * sw) + x0) * channels + c] * (1 - wx)) + (src[((y0 * sw) + x1) * channels + c] * wx);
                    double bottom = (src[((y1 * sw) + x0) * channels + c] * (1 - wx)) + (src[((y1 * sw) + x1) * channels + c] * wx);
                    dst[((y * dw) + x) * channels + c] = (byte)Math.Round((top * (1 - wy)) + (bottom * wy));
                }
            }
        }

        return dst;
    }
}
