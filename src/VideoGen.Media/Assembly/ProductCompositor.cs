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

    private static void Draw(byte[] frame, int width, int height, ProductImage product, ProductPlacement at)
    {
        int x0 = Math.Max(0, at.X), x1 = Math.Min(width, at.X + product.Width);
        int y0 = Math.Max(0, at.Y), y1 = Math.Min(height, at.Y + product.Height);
        byte[] alpha = product.Mask.Alpha;
        for (int y = y0; y < y1; y++)
        {
            int py = y - at.Y;
            for (int x = x0; x < x1; x++)
            {
                int p = (py * product.Width) + (x - at.X);
                int a = alpha[p];
                if (a == 0)
                {
                    continue;
                }

                int o = ((y * width) + x) * 3, s = p * 3;
                for (int c = 0; c < 3; c++)
                {
                    frame[o + c] = (byte)(((product.Rgb[s + c] * a) + (frame[o + c] * (255 - a)) + 127) / 255);
                }
            }
        }
    }
}
