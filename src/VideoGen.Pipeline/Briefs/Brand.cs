namespace VideoGen.Pipeline.Briefs;

/// <summary>Brand elements burned into the final render.</summary>
/// <param name="Captions">Timed captions, each inside the clip, if any.</param>
/// <param name="WatermarkText">Watermark text, if any.</param>
/// <param name="PrimaryColor">Brand colour <c>#rrggbb</c>, if any.</param>
public sealed record Brand(
    IReadOnlyList<Caption>? Captions = null,
    string? WatermarkText = null,
    string? PrimaryColor = null);

/// <summary>A timed caption; <c>0 ≤ StartSeconds &lt; EndSeconds ≤ durationSeconds</c>.</summary>
/// <param name="Text">Caption text.</param>
/// <param name="StartSeconds">When it appears.</param>
/// <param name="EndSeconds">When it disappears.</param>
public sealed record Caption(string Text, double StartSeconds, double EndSeconds);
