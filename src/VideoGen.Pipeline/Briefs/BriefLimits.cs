namespace VideoGen.Pipeline.Briefs;

/// <summary>
/// The documented limits of a brief and its product photo (also tabulated in <c>Briefs/README.md</c>). The numeric
/// ones are mirrored in <c>brief.v1.schema.json</c>; a test keeps the two in step. Every limit is inclusive.
/// </summary>
public static class BriefLimits
{
    /// <summary>Largest accepted <c>brief.json</c>: 64 KiB of UTF-8.</summary>
    public const int MaxBriefBytes = 64 * 1024;

    /// <summary>Deepest JSON nesting accepted (the contract itself needs 4).</summary>
    public const int MaxJsonDepth = 16;

    /// <summary>Shortest clip: 1 s.</summary>
    public const double MinDurationSeconds = 1;

    /// <summary>Longest clip: 60 s.</summary>
    public const double MaxDurationSeconds = 60;

    /// <summary>Fewest shots: 1.</summary>
    public const int MinShots = 1;

    /// <summary>Most shots: 12.</summary>
    public const int MaxShots = 12;

    /// <summary>Shortest shot: 0.5 s.</summary>
    public const double MinShotSeconds = 0.5;

    /// <summary>Longest shot: 20 s.</summary>
    public const double MaxShotSeconds = 20;

    /// <summary>The shot durations must add up to <c>durationSeconds</c> within ±0.05 s.</summary>
    public const double DurationSumTolerance = 0.05;

    /// <summary>Longest prompt: 1000 characters (Unicode code points, as JSON Schema counts).</summary>
    public const int MaxPromptLength = 1000;

    /// <summary>Longest title: 200 characters.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Longest caption: 200 characters.</summary>
    public const int MaxCaptionLength = 200;

    /// <summary>Most captions: 50.</summary>
    public const int MaxCaptions = 50;

    /// <summary>Longest watermark text: 100 characters.</summary>
    public const int MaxWatermarkLength = 100;

    /// <summary>Fewest approvers: 1 (every clip is approved by someone).</summary>
    public const int MinApprovers = 1;

    /// <summary>Most approvers: 10.</summary>
    public const int MaxApprovers = 10;

    /// <summary>Largest product photo: 10 MiB.</summary>
    public const int MaxImageBytes = 10 * 1024 * 1024;

    /// <summary>Widest and tallest product photo: 4096 pixels.</summary>
    public const int MaxImageDimension = 4096;

    /// <summary>Narrowest and shortest product photo: 64 pixels.</summary>
    public const int MinImageDimension = 64;

    /// <summary>Accepted product photo formats, as <see cref="ProductImageInfo.Format"/> names them.</summary>
    public static IReadOnlyList<string> ImageFormats { get; } = ["png", "jpeg"];
}
