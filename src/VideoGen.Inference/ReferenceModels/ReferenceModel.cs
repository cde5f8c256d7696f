namespace VideoGen.Inference.ReferenceModels;

/// <summary>
/// A model the project builds itself as an honest stand-in for a user's exported model: a small, fixed ONNX graph
/// (no learned weights) that exercises the same manifest, hashing, session and batching path a real model takes.
/// </summary>
/// <param name="Name">The manifest name.</param>
/// <param name="Version">The manifest version.</param>
/// <param name="Tier">The queue tier it serves.</param>
/// <param name="Description">What the graph computes.</param>
/// <param name="BatchDimension">The symbolic dimension requests are stacked along.</param>
/// <param name="Inputs">The input contract.</param>
/// <param name="Outputs">The output contract.</param>
/// <param name="Build">Writes the ONNX bytes.</param>
public sealed record ReferenceModel(
    string Name,
    string Version,
    ModelTier Tier,
    string Description,
    string BatchDimension,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    Func<byte[]> Build)
{
    /// <summary>The model's file name in the output folder.</summary>
    public string FileName => $"{Name}-{Version}.onnx";

    /// <summary>The manifest entry for the built bytes.</summary>
    public ModelEntry ToEntry(byte[] bytes) => new()
    {
        Name = Name,
        Version = Version,
        File = FileName,
        Sha256 = ModelManifest.ComputeSha256(bytes),
        Tier = Tier,
        Description = Description,
        BatchDimension = BatchDimension,
        Inputs = Inputs,
        Outputs = Outputs,
    };
}

/// <summary>The reference models and the command that writes them with their manifest.</summary>
public static class ReferenceModelSet
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFileName = "models.json";

    /// <summary>Every reference model.</summary>
    public static IReadOnlyList<ReferenceModel> All { get; } =
        [MotionGeneratorModel.Definition, TemporalSmootherModel.Definition, UpsamplerModel.Definition];

    /// <summary>
    /// Writes each model's ONNX file and <c>models.json</c> into <paramref name="outputDirectory"/> (created if
    /// missing) and returns the manifest as read back from disk. The bytes are deterministic, so the hashes are too.
    /// </summary>
    public static ModelManifest WriteAll(string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        Directory.CreateDirectory(outputDirectory);
        var entries = new List<ModelEntry>();
        foreach (var model in All)
        {
            var bytes = model.Build();
            File.WriteAllBytes(Path.Combine(outputDirectory, model.FileName), bytes);
            entries.Add(model.ToEntry(bytes));
        }
        var manifestPath = Path.Combine(outputDirectory, ManifestFileName);
        File.WriteAllText(manifestPath, new ModelManifest(entries, outputDirectory).ToJson());
        return ModelManifest.Load(manifestPath);
    }
}
