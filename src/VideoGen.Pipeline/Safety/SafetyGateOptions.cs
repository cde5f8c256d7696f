namespace VideoGen.Pipeline.Safety;

/// <summary>Severity thresholds for one category: at or above <see cref="Block"/> blocks, at or above <see cref="Review"/> asks a person.</summary>
public sealed class SafetyThreshold
{
    /// <summary>Severity (0–7) from which a person must review. Default: 2.</summary>
    public int Review { get; set; } = 2;

    /// <summary>Severity (0–7) from which the content is blocked; not below <see cref="Review"/>. Default: 4.</summary>
    public int Block { get; set; } = 4;
}

/// <summary>Thresholds of <see cref="SafetyGate"/>.</summary>
public sealed class SafetyGateOptions
{
    /// <summary>Thresholds for categories not listed in <see cref="Categories"/>. Default: review at 2, block at 4.</summary>
    public SafetyThreshold Default { get; set; } = new();

    /// <summary>Per-category thresholds by REST category name (<c>Hate</c>, <c>SelfHarm</c>, <c>Sexual</c>, <c>Violence</c>). Default: empty.</summary>
    public IDictionary<string, SafetyThreshold> Categories { get; } = new Dictionary<string, SafetyThreshold>(StringComparer.Ordinal);

    /// <summary>The thresholds that apply to <paramref name="category"/>.</summary>
    public SafetyThreshold For(string category) => Categories.TryGetValue(category, out var t) ? t : Default;
}
