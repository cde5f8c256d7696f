namespace VideoGen.Media;

/// <summary>
/// A simple grade applied per pixel: gains and lift per channel, then contrast about mid-grey, gamma, and saturation
/// about the pixel's luma. The identity grade changes nothing.
/// </summary>
public sealed record ColorCorrection
{
    /// <summary>Multiplier of red, green, blue (white balance). Default 1 each.</summary>
    public (double R, double G, double B) Gain { get; init; } = (1, 1, 1);

    /// <summary>Added brightness, in 0..255 levels. Default 0.</summary>
    public double Lift { get; init; }

    /// <summary>Contrast about level 128; 1 keeps it. Default 1.</summary>
    public double Contrast { get; init; } = 1;

    /// <summary>Gamma (output = input^(1/gamma) on 0..1); 1 keeps it. Default 1.</summary>
    public double Gamma { get; init; } = 1;

    /// <summary>Saturation; 0 is greyscale, 1 keeps it. Default 1.</summary>
    public double Saturation { get; init; } = 1;

    /// <summary>
    /// The grade that moves the mean colour of <paramref name="frames"/> onto <paramref name="target"/> with
    /// per-channel gains (clamped to 0.25..4): e.g. to match generated frames to the product photo's white balance.
    /// </summary>
    public static ColorCorrection MatchMean(FrameSequence frames, (double R, double G, double B) target)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var sum = new double[3];
        long count = 0;
        foreach (byte[] frame in frames.Frames)
        {
            for (int i = 0; i < frame.Length; i += 3)
            {
                sum[0] += frame[i];
                sum[1] += frame[i + 1];
                sum[2] += frame[i + 2];
            }

            count += frame.Length / 3;
        }

        double Gain(double want, double have) => Math.Clamp(want / Math.Max(have / Math.Max(count, 1), 1), 0.25, 4);
        return new ColorCorrection { Gain = (Gain(target.R, sum[0]), Gain(target.G, sum[1]), Gain(target.B, sum[2])) };
    }

    /// <summary>Applies the grade to every frame, returning new frames.</summary>
    public FrameSequence Apply(FrameSequence frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (!(Gamma > 0) || Contrast < 0 || Saturation < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frames), "Gamma must be positive; contrast and saturation not negative.");
        }

        byte[][] luts = [Lut(Gain.R), Lut(Gain.G), Lut(Gain.B)];
        var output = new byte[frames.Count][];
        for (int f = 0; f < output.Length; f++)
        {
            byte[] src = frames.Frames[f];
            var dst = new byte[src.Length];
            for (int i = 0; i < src.Length; i += 3)
            {
                double r = luts[0][src[i]], g = luts[1][src[i + 1]], b = luts[2][src[i + 2]];
                if (Saturation != 1)
                {
                    double y = (0.2126 * r) + (0.7152 * g) + (0.0722 * b);
                    (r, g, b) = (y + ((r - y) * Saturation), y + ((g - y) * Saturation), y + ((b - y) * Saturation));
                }

                dst[i] = Clamp(r);
                dst[i + 1] = Clamp(g);
                dst[i + 2] = Clamp(b);
            }

            output[f] = dst;
        }

        return frames.WithFrames(output);
    }

    private byte[] Lut(double gain)
    {
        var lut = new byte[256];
        for (int v = 0; v < 256; v++)
        {
            double x = (((v * gain) + Lift - 128) * Contrast) + 128;
            x = 255 * Math.Pow(Math.Clamp(x / 255, 0, 1), 1 / Gamma);
            lut[v] = Clamp(x);
        }

        return lut;
    }

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
