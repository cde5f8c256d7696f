namespace VideoGen.Inference;

/// <summary>The manifest is malformed, or names a model or file that is not there, or a model breaks its contract.</summary>
public class ModelManifestException : Exception
{
    /// <summary>Creates the exception with a message that names the problem.</summary>
    public ModelManifestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public ModelManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A model file's SHA-256 differs from its manifest entry, so the model was not loaded.</summary>
public sealed class ModelHashMismatchException : ModelManifestException
{
    /// <summary>Creates the exception for <paramref name="model"/> read from <paramref name="path"/>.</summary>
    public ModelHashMismatchException(ModelKey model, string path, string expectedSha256, string actualSha256)
        : base($"Refusing to load model {model} from '{path}': its SHA-256 is {actualSha256} but the manifest expects {expectedSha256}. "
            + "The file was changed or replaced; rebuild it or update the manifest entry deliberately.")
    {
        Model = model;
        Path = path;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>The model that was refused.</summary>
    public ModelKey Model { get; }

    /// <summary>The file that was read.</summary>
    public string Path { get; }

    /// <summary>The hash the manifest lists.</summary>
    public string ExpectedSha256 { get; }

    /// <summary>The hash of the bytes on disk.</summary>
    public string ActualSha256 { get; }
}
