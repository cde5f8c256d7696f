namespace VideoGen.Pipeline.Briefs;

/// <summary>One storyboard shot.</summary>
/// <param name="Id">Unique within the brief (a blob path segment; it names the shot's chunks).</param>
/// <param name="DurationSeconds">Duration, <see cref="BriefLimits.MinShotSeconds"/>–<see cref="BriefLimits.MaxShotSeconds"/>.</param>
/// <param name="Prompt">Generation prompt, at most <see cref="BriefLimits.MaxPromptLength"/> characters.</param>
/// <param name="Camera">Camera move and its intensity.</param>
/// <param name="Palette">Exactly three <c>#rrggbb</c> colours (background top, background bottom, accent), if given.</param>
/// <param name="Seed">Generation seed (0–4294967295), if given; otherwise the planner derives one.</param>
public sealed record Shot(
    string Id,
    double DurationSeconds,
    string Prompt,
    Camera Camera,
    IReadOnlyList<string>? Palette = null,
    uint? Seed = null);

/// <summary>The camera path of a shot.</summary>
/// <param name="Move">The move.</param>
/// <param name="Intensity">How strong the move is, 0 (none) to 1 (full).</param>
public sealed record Camera(CameraMove Move, double Intensity);
