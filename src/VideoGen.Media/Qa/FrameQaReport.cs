namespace VideoGen.Media;

/// <summary>Thresholds of the frame-level QA measurements.</summary>
public sealed record FrameQaOptions
{
    /// <summary>Mean absolute difference (0..255 levels) at or below which two consecutive frames are the same picture. Default 0.5.</summary>
    public double DuplicateThreshold { get; init; } = 0.5;

    /// <summary>A frame-to-frame change this many times the clip's median change is a motion jump. Default 2.5.</summary>
    public double MotionJumpFactor { get; init; } = 2.5;

    /// <summary>Floor of the median change (levels), so near-static clips do not turn noise into jumps. Default 0.5.</summary>
    public double MinimumMotion { get; init; } = 0.5;

    /// <summary>Frames either side of a seam searched for its largest change. Default 4.</summary>
    public int SeamWindow { get; init; } = 4;

    /// <summary>Frame count the clip should have; null skips the missing-frame count.</summary>
    public int? ExpectedFrameCount { get; init; }
}

/// <summary>The discontinuity at one chunk seam.</summary>
/// <param name="FrameIndex">The seam's frame index (see <see cref="BlendedClip.SeamFrameIndices"/>).</param>
/// <param name="LargestChange">Largest frame-to-frame mean absolute difference within the window (levels).</param>
/// <param name="Discontinuity">That change divided by the clip's typical (median) change away from seams; about 1 is seamless.</param>
public sealed record SeamScore(int FrameIndex, double LargestChange, double Discontinuity);

/// <summary>Frame-level QA numbers a policy can gate on.</summary>
/// <param name="FrameCount">Frames measured.</param>
/// <param name="MissingFrames">Expected minus actual frames (0 when no expectation or when not short).</param>
/// <param name="DuplicatedFrames">Frames identical to their predecessor while the clip around them moves (frozen frames).</param>
/// <param name="MotionJumps">Frame changes far above the clip's median change: dropped frames or hard cuts.</param>
/// <param name="MedianChange">Median frame-to-frame mean absolute difference, levels.</param>
/// <param name="FlickerIndex">Mean deviation of each frame's mean luma from the average of its neighbours, levels (0 for steady or linearly fading light).</param>
/// <param name="PeakFlicker">Largest such deviation, levels.</param>
/// <param name="Seams">One score per seam given.</param>
public sealed record FrameQaReport(
    int FrameCount,
    int MissingFrames,
    int DuplicatedFrames,
    int MotionJumps,
    double MedianChange,
    double FlickerIndex,
    double PeakFlicker,
    IReadOnlyList<SeamScore> Seams)
{
    /// <summary>Largest seam discontinuity, 0 without seams.</summary>
    public double MaxSeamDiscontinuity => Seams.Count == 0 ? 0 : Seams.Max(s => s.Discontinuity);
}
