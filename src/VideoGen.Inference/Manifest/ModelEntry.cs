using System.Text.Json.Serialization;

namespace VideoGen.Inference;

/// <summary>Which GPU queue tier a model serves.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelTier>))]
public enum ModelTier
{
    /// <summary>Previews: low latency, the <c>gpu-jobs-interactive</c> queue.</summary>
    Interactive,

    /// <summary>Final renders: full quality, the <c>gpu-jobs-batch</c> queue.</summary>
    Batch,
}

/// <summary>Identifies one model build: the session cache and GPU jobs address models by this pair.</summary>
/// <param name="Name">The model name, e.g. <c>motion-reference</c>.</param>
/// <param name="Version">The model version, e.g. <c>1.0.0</c>.</param>
public readonly record struct ModelKey(string Name, string Version)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}@{Version}";
}

/// <summary>One model listed in the manifest.</summary>
public sealed record ModelEntry
{
    /// <summary>The model name.</summary>
    public required string Name { get; init; }

    /// <summary>The model version; several versions of one name may be listed.</summary>
    public required string Version { get; init; }

    /// <summary>The ONNX file, relative to the manifest's folder (or absolute).</summary>
    public required string File { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes; a file whose hash differs is refused.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The queue tier the model serves.</summary>
    public required ModelTier Tier { get; init; }

    /// <summary>Free text: what the model does and where it came from.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The symbolic dimension along which several requests may be stacked into one run (e.g. <c>frames</c> or
    /// <c>batch</c>), or <see langword="null"/> if the model cannot be batched. Every output must lead with it;
    /// inputs that do not lead with it are shared and must be identical across the stacked requests.
    /// </summary>
    public string? BatchDimension { get; init; }

    /// <summary>The graph inputs, in any order.</summary>
    public required IReadOnlyList<TensorSpec> Inputs { get; init; }

    /// <summary>The graph outputs, in any order.</summary>
    public required IReadOnlyList<TensorSpec> Outputs { get; init; }

    /// <summary>The cache key of this entry.</summary>
    [JsonIgnore]
    public ModelKey Key => new(Name, Version);
}
