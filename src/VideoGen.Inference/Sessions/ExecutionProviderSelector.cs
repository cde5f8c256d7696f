using Microsoft.ML.OnnxRuntime;
using VideoGen.Inference.Onnx;

namespace VideoGen.Inference;

/// <summary>The execution provider sessions run on.</summary>
public enum ExecutionProviderKind
{
    /// <summary>ONNX Runtime's CPU provider.</summary>
    Cpu,

    /// <summary>ONNX Runtime's CUDA provider.</summary>
    Cuda,
}

/// <summary>The provider chosen at start-up and why.</summary>
/// <param name="Provider">The provider every session uses.</param>
/// <param name="DeviceId">The CUDA device ordinal (0 for CPU).</param>
/// <param name="Reason">Why this provider was chosen, for the start-up log.</param>
public sealed record ExecutionProviderSelection(ExecutionProviderKind Provider, int DeviceId, string Reason);

/// <summary>
/// Chooses CUDA when the build carries the GPU ONNX Runtime package (<c>-p:OnnxRuntimeFlavor=Gpu</c>) and a CUDA device
/// really runs a probe graph; otherwise CPU. An explicit <see cref="ExecutionProviderPreference.Cuda"/> that cannot be
/// honoured fails instead of falling back.
/// </summary>
public sealed class ExecutionProviderSelector
{
    /// <summary>Whether this assembly was built against <c>Microsoft.ML.OnnxRuntime.Gpu</c>.</summary>
    public const bool BuildHasGpuRuntime =
#if ONNXRUNTIME_GPU
        true;
#else
        false;
#endif

    private readonly bool _gpuRuntime;
    private readonly Func<int, string?> _cudaProbe;

    /// <summary>Creates the selector for this build, probing CUDA with a real session.</summary>
    public ExecutionProviderSelector()
        : this(BuildHasGpuRuntime, ProbeCuda)
    {
    }

    /// <summary>Creates a selector with a given build flavor and CUDA probe (returns null when the device works, else why not).</summary>
    internal ExecutionProviderSelector(bool gpuRuntime, Func<int, string?> cudaProbe)
    {
        _gpuRuntime = gpuRuntime;
        _cudaProbe = cudaProbe;
    }

    /// <summary>The package flavor of this build, for logs.</summary>
    public string Flavor => _gpuRuntime ? "GPU" : "CPU";

    /// <summary>Chooses the provider for <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">CUDA was required but cannot be used.</exception>
    public ExecutionProviderSelection Select(InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var device = options.CudaDeviceId;
        if (options.ExecutionProvider == ExecutionProviderPreference.Cpu)
        {
            return new(ExecutionProviderKind.Cpu, 0, "CPU was configured");
        }
        string whyNot;
        if (!_gpuRuntime)
        {
            whyNot = "this build uses the CPU ONNX Runtime package (build with -p:OnnxRuntimeFlavor=Gpu for CUDA)";
        }
        else if (_cudaProbe(device) is { } failure)
        {
            whyNot = $"CUDA device {device} did not run the probe graph: {failure}";
        }
        else
        {
            return new(ExecutionProviderKind.Cuda, device, $"CUDA device {device} ran the probe graph");
        }
        if (options.ExecutionProvider == ExecutionProviderPreference.Cuda)
        {
            throw new InvalidOperationException($"CUDA execution was required but cannot be used: {whyNot}.");
        }
        return new(ExecutionProviderKind.Cpu, 0, whyNot);
    }

    /// <summary>Adds the selected provider to <paramref name="sessionOptions"/> (CPU needs nothing).</summary>
    public static void Apply(SessionOptions sessionOptions, ExecutionProviderSelection selection)
    {
        ArgumentNullException.ThrowIfNull(sessionOptions);
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Provider == ExecutionProviderKind.Cuda)
        {
            sessionOptions.AppendExecutionProvider_CUDA(selection.DeviceId);
        }
    }

    /// <summary>Runs y = x + x on CUDA with CPU fallback disabled; null when it worked, else the reason.</summary>
    private static string? ProbeCuda(int deviceId)
    {
        try
        {
            if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
            {
                return "ONNX Runtime does not list CUDAExecutionProvider";
            }
            var graph = new OnnxGraphBuilder("cuda_probe");
            var x = graph.Input(new TensorSpec("x", TensorElementType.Float32, [TensorDim.Fixed(4)]));
            graph.NodeTo("Add", [x, x], ["y"]);
            graph.Output(new TensorSpec("y", TensorElementType.Float32, [TensorDim.Fixed(4)]));
            using var options = new SessionOptions();
            options.AddSessionConfigEntry("session.disable_cpu_ep_fallback", "1");
            options.AppendExecutionProvider_CUDA(deviceId);
            using var session = new InferenceSession(graph.Build("probe", 1, "CUDA probe"), options);
            using var input = OrtValue.CreateTensorValueFromMemory(new float[] { 1, 2, 3, 4 }, [4]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, ["x"], [input], ["y"]);
            var y = results[0].GetTensorDataAsSpan<float>();
            return y[3] == 8f ? null : "the probe graph returned a wrong result";
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return e.Message;
        }
    }
}
