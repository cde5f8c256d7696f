using System.Runtime.CompilerServices;

namespace VideoGen.Media;

/// <summary>Where the product's top-left corner sits in a frame (may be partly outside; the rest is clipped).</summary>
/// <param name="X">Column of the product's left edge.</param>
/// <param name="Y">Row of the product's top edge.</param>
public readonly record struct ProductPlacement(int X, int Y);

/// <summary>Composites the real product photo over generated frames with its mask.</summary>
public static class ProductCompositor
{
    /// <summary>Places the product at the same position in every frame.</summary>
    public static FrameSequence Composite(FrameSequence background, ProductImage product, ProductPlacement placement) =>
        Composite(background, product, _ => placement);

    /// <summary>
    /// Places the product per frame: each output pixel is <c>(a * product + (255 - a) * background) / 255</c> where
    /// <c>a</c> is the mask coverage. The input frames are not modified.
    /// </summary>
    public static FrameSequence Composite(FrameSequence background, ProductImage product, Func<int, ProductPlacement> placement)
    {
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(placement);
        var frames = new byte[background.Count][];
        for (int f = 0; f < frames.Length; f++)
        {
            byte[] frame = (byte[])background.Frames[f].Clone();
            Draw(frame, background.Width, background.Height, product, placement(f));
            frames[f] = frame;
        }

        return background.WithFrames(frames);
    }

    /// <summary>Places the product at the same position in every frame of a stream.</summary>
    public static FrameStream Composite(FrameStream background, ProductImage product, ProductPlacement placement) =>
        Composite(background, product, _ => placement);

    /// <summary>
    /// The frames of <see cref="Composite(FrameSequence, ProductImage, Func{int, ProductPlacement})"/>, byte for byte,
    /// produced as <paramref name="background"/> is read: each frame is copied into one reused buffer and the product
    /// drawn on it. The background frames are not modified.
    /// </summary>
    public static FrameStream Composite(FrameStream background, ProductImage product, Func<int, ProductPlacement> placement)
    {
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(placement);
        return new FrameStream(background.Width, background.Height, background.Fps, background.Count, Produce(background, product, placement));
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Produce(FrameStream background, ProductImage product, Func<int, ProductPlacement> placement)
    {
        byte[] buffer = new byte[background.FrameSize];
        int f = 0;
        foreach (ReadOnlyMemory<byte> frame in background.Frames)
        {
            frame.Span.CopyTo(buffer);
            Draw(buffer, background.Width, background.Height, product, placement(f++));
            yield return buffer;
        }
    }

    // Fully optimized from the first call: a clip is composited once, too soon for tiered compilation to promote the loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Draw(Span<byte> frame, int width, int height, ProductImage product, ProductPlacement at)
    {
        int x0 = Math.Max(0, at.X), x1 = Math.Min(width, at.X + product.Width);
        int y0 = Math.Max(0, at.Y), y1 = Math.Min(height, at.Y + product.Height);
        if (x0 >= x1)
        {
            return;
        }

        int columns = x1 - x0;
        ReadOnlySpan<byte> alpha = product.Mask.Alpha, rgb = product.Rgb;
        for (int y = y0; y < y1; y++)
        {
            int p0 = ((y - at.Y) * product.Width) + (x0 - at.X);
            ReadOnlySpan<byte> rowAlpha = alpha.Slice(p0, columns);
            ReadOnlySpan<byte> rowRgb = rgb.Slice(p0 * 3, columns * 3);
            Span<byte> row = frame.Slice(((y * width) + x0) * 3, columns * 3);
            for (int x = 0; x < rowAlpha.Length; x++)
            {
                int a = rowAlpha[x];
                if (a == 0)
                {
                    continue;
                }

                int o = x * 3;
                if (a == 255)
                {
                    // (product * 255 + 127) / 255 is the product value itself.
                    rowRgb.Slice(o, 3).CopyTo(row.Slice(o, 3));
                    continue;
                }

                int keep = 255 - a;
                row[o] = (byte)(((rowRgb[o] * a) + (row[o] * keep) + 127) / 255);
                row[o + 1] = (byte)(((rowRgb[o + 1] * a) + (row[o + 1] * keep) + 127) / 255);
                row[o + 2] = (byte)(((rowRgb[o + 2] * a) + (row[o + 2] * keep) + 127) / 255);
            }
        }
    }
}
