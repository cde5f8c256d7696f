using Microsoft.ML.OnnxRuntime;

namespace VideoGen.Inference;

/// <summary>Which ONNX Runtime execution provider to use.</summary>
public enum ExecutionProviderPreference
{
    /// <summary>CUDA when the build has the GPU runtime and a device works; otherwise CPU. The default.</summary>
    Auto,

    /// <summary>Always the CPU provider.</summary>
    Cpu,

    /// <summary>CUDA or nothing: start-up fails if the build or the device cannot run it.</summary>
    Cuda,
}

/// <summary>Settings of the inference component, bound from the <c>Inference</c> configuration section.</summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Inference";

    /// <summary>Path of the model manifest (<c>models.json</c>). Required; no default.</summary>
    public string ManifestPath { get; set; } = string.Empty;

    /// <summary>Execution provider choice. Default <see cref="ExecutionProviderPreference.Auto"/>.</summary>
    public ExecutionProviderPreference ExecutionProvider { get; set; } = ExecutionProviderPreference.Auto;

    /// <summary>CUDA device ordinal used when CUDA is selected. Default 0.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 lets ONNX Runtime decide (one per core). Default 0.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin while they wait for work (<c>session.intra_op.allow_spinning</c>).
    /// Spinning shaves latency on an otherwise idle machine, but on the CPU provider it burns the cores that the
    /// worker's checkpoint writes (and, locally, the storage emulator) need at the same time. Default false.
    /// </summary>
    public bool IntraOpSpinWait { get; set; }

    /// <summary>
    /// The ONNX Runtime session options these settings give, before an execution provider is added: full graph
    /// optimization, <see cref="IntraOpThreads"/>, <see cref="IntraOpSpinWait"/>. The caller disposes them.
    /// </summary>
    public SessionOptions CreateSessionOptions()
    {
        var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = IntraOpThreads;
        }
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", IntraOpSpinWait ? "1" : "0");
        return sessionOptions;
    }

    /// <summary>Returns the problems with these settings; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ManifestPath))
        {
            problems.Add($"{SectionName}:{nameof(ManifestPath)} is required (the path of models.json).");
        }
        if (CudaDeviceId < 0)
        {
            problems.Add($"{SectionName}:{nameof(CudaDeviceId)} must not be negative (was {CudaDeviceId}).");
        }
        if (IntraOpThreads < 0)
        {
            problems.Add($"{SectionName}:{nameof(IntraOpThreads)} must not be negative (was {IntraOpThreads}).");
        }
        if (!Enum.IsDefined(ExecutionProvider))
        {
            problems.Add($"{SectionName}:{nameof(ExecutionProvider)} has unknown value {ExecutionProvider}.");
        }
        return problems;
    }
}
