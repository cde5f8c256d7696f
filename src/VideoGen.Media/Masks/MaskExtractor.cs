namespace VideoGen.Media;

/// <summary>Options for separating a product from a plain studio backdrop.</summary>
public sealed record BackdropSegmentationOptions
{
    /// <summary>Colour distance (max channel difference, 0..255) at or below which a pixel is backdrop. Default 24.</summary>
    public int BackgroundDistance { get; init; } = 24;

    /// <summary>Colour distance at or above which a pixel is fully product; between the two, coverage ramps. Default 48.</summary>
    public int ForegroundDistance { get; init; } = 48;

    /// <summary>
    /// Largest mean distance of the border pixels from their median colour for the backdrop to count as plain.
    /// Default 12; a busier border makes segmentation refuse rather than guess.
    /// </summary>
    public double MaxBorderDeviation { get; init; } = 12;
}

/// <summary>Builds a <see cref="ProductMask"/> from a product photo.</summary>
public static class MaskExtractor
{
    /// <summary>Takes the alpha channel of an RGBA image as the mask.</summary>
    public static ProductMask FromAlpha(byte[] rgba, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(rgba);
        if (rgba.Length != width * height * 4)
        {
            throw new ArgumentException($"RGBA image has {rgba.Length} bytes; {width}x{height} needs {width * height * 4}.", nameof(rgba));
        }

        var alpha = new byte[width * height];
        for (int i = 0; i < alpha.Length; i++)
        {
            alpha[i] = rgba[(i * 4) + 3];
        }

        return new ProductMask(width, height, alpha);
    }

    /// <summary>
    /// Segments a product shot on a plain backdrop: the backdrop colour is the median of the border pixels; each pixel's
    /// coverage ramps from 0 to 255 as its distance from that colour goes from
    /// <see cref="BackdropSegmentationOptions.BackgroundDistance"/> to <see cref="BackdropSegmentationOptions.ForegroundDistance"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The border is not a plain colour, so the backdrop cannot be separated.</exception>
    public static ProductMask FromPlainBackdrop(byte[] rgb, int width, int height, BackdropSegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"RGB image has {rgb.Length} bytes; {width}x{height} needs {width * height * 3}.", nameof(rgb));
        }

        options ??= new BackdropSegmentationOptions();
        List<int> border = BorderPixels(width, height);
        var backdrop = new byte[3];
        for (int c = 0; c < 3; c++)
        {
            var values = border.Select(p => rgb[(p * 3) + c]).Order().ToArray();
            backdrop[c] = values[values.Length / 2];
        }

        double deviation = border.Average(p => Distance(rgb, p, backdrop));
        if (deviation > options.MaxBorderDeviation)
        {
            throw new InvalidOperationException(
                $"The product photo has no alpha channel and its border is not a plain backdrop (mean deviation {deviation:F1} > {options.MaxBorderDeviation}); supply a photo with transparency.");
        }

        int lo = options.BackgroundDistance, hi = Math.Max(options.ForegroundDistance, lo + 1);
        var alpha = new byte[width * height];
        for (int p = 0; p < alpha.Length; p++)
        {
            int d = Distance(rgb, p, backdrop);
            alpha[p] = d <= lo ? (byte)0 : d >= hi ? (byte)255 : (byte)((d - lo) * 255 / (hi - lo));
        }

        return new ProductMask(width, height, alpha);
    }

    private static int Distance(byte[] rgb, int pixel, byte[] colour)
    {
        int o = pixel * 3;
        return Math.Max(Math.Abs(rgb[o] - colour[0]), Math.Max(Math.Abs(rgb[o + 1] - colour[1]), Math.Abs(rgb[o + 2] - colour[2])));
    }

    private static List<int> BorderPixels(int width, int height)
    {
        var border = new List<int>((2 * width) + (2 * height));
        for (int x = 0; x < width; x++)
        {
            border.Add(x);
            border.Add(((height - 1) * width) + x);
        }

        for (int y = 1; y < height - 1; y++)
        {
            border.Add(y * width);
            border.Add((y * width) + width - 1);
        }

        return border;
    }
}
