namespace VideoGen.Inference.Tests;

public sealed class ExecutionProviderSelectorTests
{
    [Fact]
    public void Select_GpuBuildWorkingDevice_ChoosesCuda()
    {
        var selector = new ExecutionProviderSelector(gpuRuntime: true, cudaProbe: _ => null);

        var selection = selector.Select(new InferenceOptions { CudaDeviceId = 1 });

        Assert.Equal(ExecutionProviderKind.Cuda, selection.Provider);
        Assert.Equal(1, selection.DeviceId);
    }

    [Fact]
    public void Select_GpuBuildFailingDevice_FallsBackToCpuWithReason()
    {
        var selector = new ExecutionProviderSelector(gpuRuntime: true, cudaProbe: _ => "no CUDA-capable device is detected");

        var selection = selector.Select(new InferenceOptions());

        Assert.Equal(ExecutionProviderKind.Cpu, selection.Provider);
        Assert.Contains("no CUDA-capable device", selection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_CudaRequiredButUnavailable_Throws()
    {
        var selector = new ExecutionProviderSelector(gpuRuntime: true, cudaProbe: _ => "driver too old");

        var error = Assert.Throws<InvalidOperationException>(() => selector.Select(new InferenceOptions { ExecutionProvider = ExecutionProviderPreference.Cuda }));

        Assert.Contains("driver too old", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_CpuConfigured_NeverProbes()
    {
        var selector = new ExecutionProviderSelector(gpuRuntime: true, cudaProbe: _ => throw new InvalidOperationException("probed"));

        Assert.Equal(ExecutionProviderKind.Cpu, selector.Select(new InferenceOptions { ExecutionProvider = ExecutionProviderPreference.Cpu }).Provider);
    }

    [Fact]
    public void Select_ThisBuildCudaRequired_ThrowsNamingPackage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ExecutionProviderSelector().Select(new InferenceOptions { ExecutionProvider = ExecutionProviderPreference.Cuda }));

        Assert.False(ExecutionProviderSelector.BuildHasGpuRuntime);
        Assert.Contains("OnnxRuntimeFlavor=Gpu", error.Message, StringComparison.Ordinal);
    }
}
