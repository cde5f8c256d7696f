namespace VideoGen.Media;

/// <summary>Frame-level QA: frozen and dropped frames, flicker and seam discontinuity, as plain numbers.</summary>
public static class FrameQa
{
    /// <summary>Measures <paramref name="frames"/>; <paramref name="seamFrameIndices"/> are where chunks join (may be empty).</summary>
    public static FrameQaReport Analyze(FrameSequence frames, IReadOnlyList<int> seamFrameIndices, FrameQaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(seamFrameIndices);
        options ??= new FrameQaOptions();
        double[] change = Changes(frames);
        double median = Math.Max(Median(change.Skip(1)), options.MinimumMotion);

        int duplicates = 0, jumps = 0;
        for (int i = 1; i < change.Length; i++)
        {
            bool still = change[i] <= options.DuplicateThreshold;
            bool movingAround = (i > 1 && change[i - 1] > options.DuplicateThreshold)
                || (i + 1 < change.Length && change[i + 1] > options.DuplicateThreshold);
            duplicates += still && movingAround ? 1 : 0;
            jumps += change[i] > median * options.MotionJumpFactor ? 1 : 0;
        }

        (double flicker, double peak) = Flicker(frames);
        int missing = options.ExpectedFrameCount is int expected ? Math.Max(0, expected - frames.Count) : 0;
        IReadOnlyList<SeamScore> seams = ScoreSeams(change, seamFrameIndices, options);
        return new FrameQaReport(frames.Count, missing, duplicates, jumps, median, flicker, peak, seams);
    }

    /// <summary>Mean absolute difference of two equally sized frames, in 0..255 levels.</summary>
    public static double MeanAbsoluteDifference(byte[] a, byte[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length || a.Length == 0)
        {
            throw new ArgumentException($"Frames differ in size ({a.Length} vs {b.Length} bytes) or are empty.");
        }

        long sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum / (double)a.Length;
    }

    /// <summary>Mean Rec. 709 luma of a frame, in levels.</summary>
    public static double MeanLuma(byte[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        double sum = 0;
        for (int i = 0; i < rgb.Length; i += 3)
        {
            sum += (0.2126 * rgb[i]) + (0.7152 * rgb[i + 1]) + (0.0722 * rgb[i + 2]);
        }

        return sum / Math.Max(1, rgb.Length / 3);
    }

    private static double[] Changes(FrameSequence frames)
    {
        // change[i] is the difference between frame i-1 and frame i; change[0] is unused.
        var change = new double[frames.Count];
        for (int i = 1; i < frames.Count; i++)
        {
            change[i] = MeanAbsoluteDifference(frames.Frames[i - 1], frames.Frames[i]);
        }

        return change;
    }

    private static (double Mean, double Peak) Flicker(FrameSequence frames)
    {
        if (frames.Count < 3)
        {
            return (0, 0);
        }

        double[] luma = frames.Frames.Select(MeanLuma).ToArray();
        var deviations = new double[luma.Length - 2];
        for (int i = 1; i < luma.Length - 1; i++)
        {
            deviations[i - 1] = Math.Abs(luma[i] - ((luma[i - 1] + luma[i + 1]) / 2));
        }

        return (deviations.Average(), deviations.Max());
    }

    private static List<SeamScore> ScoreSeams(double[] change, IReadOnlyList<int> seams, FrameQaOptions options)
    {
        int window = Math.Max(0, options.SeamWindow);
        var nearSeam = new bool[change.Length];
        foreach (int seam in seams)
        {
            if (seam < 1 || seam >= change.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(seams), seam, $"Seam index must be within 1..{change.Length - 1}.");
            }

            for (int i = Math.Max(1, seam - window); i <= Math.Min(change.Length - 1, seam + window); i++)
            {
                nearSeam[i] = true;
            }
        }

        var away = Enumerable.Range(1, Math.Max(0, change.Length - 1)).Where(i => !nearSeam[i]).Select(i => change[i]).ToList();
        double typical = Math.Max(away.Count > 0 ? Median(away) : Median(change.Skip(1)), options.MinimumMotion);
        return seams.Select(seam =>
        {
            double largest = 0;
            for (int i = Math.Max(1, seam - window); i <= Math.Min(change.Length - 1, seam + window); i++)
            {
                largest = Math.Max(largest, change[i]);
            }

            return new SeamScore(seam, largest, largest / typical);
        }).ToList();
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
