using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VideoGen.Inference.Onnx;

namespace VideoGen.Inference.Tests;

/// <summary>A user-style model (y = 2x) written to disk with a manifest, loaded through the cache.</summary>
public sealed class SessionCacheTests : IDisposable
{
    private readonly string _folder = TempFolder.Create("cache");
    private readonly byte[] _model = BuildDoubler();

    public SessionCacheTests() => File.WriteAllBytes(Path.Combine(_folder, "doubler.onnx"), _model);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Get_SameKeyTwice_ReturnsOneSession()
    {
        using var cache = NewCache(ModelManifest.ComputeSha256(_model));

        var first = cache.Get("doubler", "1.0");

        Assert.Same(first, cache.Get(new ModelKey("doubler", "1.0")));
        Assert.Equal(1, cache.Count);
        Assert.Equal([2f, 4f, 6f], first.Run(Doubling(1f, 2f, 3f))["y"].Float32Data);
    }

    [Fact]
    public void Get_TamperedFile_RefusesNamingModelAndBothHashes()
    {
        var expected = ModelManifest.ComputeSha256(_model);
        var tampered = _model.ToArray();
        tampered[^1] ^= 0x01;
        File.WriteAllBytes(Path.Combine(_folder, "doubler.onnx"), tampered);
        var logger = new ListLogger();
        using var cache = NewCache(expected, logger);

        var error = Assert.Throws<ModelHashMismatchException>(() => cache.Get("doubler", "1.0"));

        Assert.Contains("doubler@1.0", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(ModelManifest.ComputeSha256(tampered), error.Message, StringComparison.Ordinal);
        Assert.Equal(ModelManifest.ComputeSha256(tampered), error.ActualSha256);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Refused model doubler@1.0", StringComparison.Ordinal));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Get_AfterFailedLoadFileRestored_LoadsOnRetry()
    {
        var path = Path.Combine(_folder, "doubler.onnx");
        File.WriteAllBytes(path, [1, 2, 3]);
        using var cache = NewCache(ModelManifest.ComputeSha256(_model));
        Assert.Throws<ModelHashMismatchException>(() => cache.Get("doubler", "1.0"));

        File.WriteAllBytes(path, _model);

        Assert.NotNull(cache.Get("doubler", "1.0"));
    }

    [Fact]
    public void Get_MissingFile_NamesModelAndPath()
    {
        File.Delete(Path.Combine(_folder, "doubler.onnx"));
        using var cache = NewCache(ModelManifest.ComputeSha256(_model));

        var error = Assert.Throws<ModelManifestException>(() => cache.Get("doubler", "1.0"));

        Assert.Contains("doubler@1.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("doubler.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_ManifestContractDiffersFromGraph_Refuses()
    {
        var json = ManifestTests.Json(ModelManifest.ComputeSha256(_model)).Replace("\"name\": \"x\"", "\"name\": \"image\"", StringComparison.Ordinal);
        var manifest = ModelManifest.Parse(json, _folder);
        using var cache = new ModelSessionCache(manifest, new InferenceOptions { ManifestPath = "models.json" }, NullLogger.Instance, new ExecutionProviderSelector());

        var error = Assert.Throws<ModelManifestException>(() => cache.Get("doubler", "1.0"));

        Assert.Contains("[image]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[x]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_FileNotOnnx_RefusesWithOrtReason()
    {
        var garbage = "not an onnx model"u8.ToArray();
        File.WriteAllBytes(Path.Combine(_folder, "doubler.onnx"), garbage);
        using var cache = NewCache(ModelManifest.ComputeSha256(garbage));

        var error = Assert.Throws<ModelManifestException>(() => cache.Get("doubler", "1.0"));

        Assert.Contains("could not be loaded by ONNX Runtime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WrongElementOrMissingInput_ThrowsNamingInput()
    {
        using var cache = NewCache(ModelManifest.ComputeSha256(_model));
        var session = cache.Get("doubler", "1.0");

        var wrongType = Assert.Throws<ArgumentException>(() => session.Run(new Dictionary<string, ModelTensor> { ["x"] = ModelTensor.Int64([1], 1) }));
        var missing = Assert.Throws<ArgumentException>(() => session.Run(new Dictionary<string, ModelTensor>()));
        var extra = Assert.Throws<ArgumentException>(() => session.Run(new Dictionary<string, ModelTensor> { ["x"] = ModelTensor.Float32([1], 1), ["z"] = ModelTensor.Float32([1], 1) }));

        Assert.Contains("'x'", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("'x", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'z'", extra.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunBatch_ThreeRequests_SplitsOutputsInOrder()
    {
        using var cache = NewCache(ModelManifest.ComputeSha256(_model));
        var session = cache.Get("doubler", "1.0");

        var results = session.RunBatch([Doubling(1f), Doubling(2f, 3f), Doubling(4f, 5f, 6f)]);

        Assert.Equal([2f], results[0]["y"].Float32Data);
        Assert.Equal([4f, 6f], results[1]["y"].Float32Data);
        Assert.Equal([8f, 10f, 12f], results[2]["y"].Float32Data);
    }

    [Fact]
    public void RunInPlace_ThreeRequests_SlicesOnnxRuntimeBuffersInOrderUntilDisposed()
    {
        using var cache = NewCache(ModelManifest.ComputeSha256(_model));
        var session = cache.Get("doubler", "1.0");

        var run = session.RunInPlace([Doubling(1f), Doubling(2f, 3f), Doubling(4f, 5f, 6f)]);

        Assert.Equal(3, run.Requests);
        Assert.Equal([4f, 6f], run.Float32(1, "y").ToArray());
        Assert.Equal([8f, 10f, 12f], run.Float32(2, "y").ToArray());
        Assert.Equal([3L], run.Shape(2, "y"));
        Assert.Equal([2f], run.Copy(0)["y"].Float32Data);
        Assert.Contains("no output 'z'", Assert.Throws<ArgumentException>(() => run.Float32(0, "z")).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => run.Int64(0, "y"));
        Assert.Throws<ArgumentOutOfRangeException>(() => run.Float32(3, "y"));
        run.Dispose();
        Assert.Throws<ObjectDisposedException>(() => run.Float32(0, "y"));
        Assert.Throws<ArgumentException>(() => session.RunInPlace([]));
    }

    [Fact]
    public void RunBatch_ModelWithoutBatchDimension_Throws()
    {
        var json = ManifestTests.Json(ModelManifest.ComputeSha256(_model)).Replace("\"batchDimension\": \"n\",", string.Empty, StringComparison.Ordinal);
        using var cache = new ModelSessionCache(ModelManifest.Parse(json, _folder), new InferenceOptions { ManifestPath = "m" }, NullLogger.Instance, new ExecutionProviderSelector());
        var session = cache.Get("doubler", "1.0");

        Assert.Throws<InvalidOperationException>(() => session.RunBatch([Doubling(1f), Doubling(2f)]));
        Assert.Equal([2f], session.RunBatch([Doubling(1f)])[0]["y"].Float32Data);
    }

    [Fact]
    public void Run_CancelledToken_ThrowsOperationCanceled()
    {
        using var cache = NewCache(ModelManifest.ComputeSha256(_model));
        var session = cache.Get("doubler", "1.0");

        Assert.ThrowsAny<OperationCanceledException>(() => session.Run(Doubling(1f), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Constructor_CpuBuild_SelectsCpuAndLogsOnceAtStart()
    {
        var logger = new ListLogger();
        using var cache = NewCache(ModelManifest.ComputeSha256(_model), logger);
        cache.Get("doubler", "1.0");
        cache.Get("doubler", "1.0");

        Assert.Equal(ExecutionProviderKind.Cpu, cache.ExecutionProvider.Provider);
        var selected = Assert.Single(logger.Entries, e => e.Id.Id == 4001);
        Assert.Contains("CPU ONNX Runtime package", selected.Message, StringComparison.Ordinal);
        Assert.Single(logger.Entries, e => e.Id.Id == 4002);
    }

    [Fact]
    public void AddInference_ValidOptions_ResolvesCacheFromManifestFile()
    {
        File.WriteAllText(Path.Combine(_folder, "models.json"), ManifestTests.Json(ModelManifest.ComputeSha256(_model)));
        using var provider = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddInference(o => o.ManifestPath = Path.Combine(_folder, "models.json"))
            .BuildServiceProvider();

        var cache = provider.GetRequiredService<ModelSessionCache>();

        Assert.Equal([2f], cache.Get("doubler", "1.0").Run(Doubling(1f))["y"].Float32Data);
    }

    [Fact]
    public void AddInference_NoManifestPath_FailsValidationNamingSetting()
    {
        using var provider = new ServiceCollection().AddInference(_ => { }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InferenceOptions>>().Value);

        Assert.Contains("Inference:ManifestPath", error.Message, StringComparison.Ordinal);
    }

    private ModelSessionCache NewCache(string sha, ILogger? logger = null) =>
        new(ModelManifest.Parse(ManifestTests.Json(sha), _folder), new InferenceOptions { ManifestPath = Path.Combine(_folder, "models.json") },
            logger ?? NullLogger.Instance, new ExecutionProviderSelector());

    private static Dictionary<string, ModelTensor> Doubling(params float[] x) => new() { ["x"] = ModelTensor.Float32(x, x.Length) };

    private static byte[] BuildDoubler()
    {
        var graph = new OnnxGraphBuilder("doubler");
        var x = graph.Input(new TensorSpec("x", TensorElementType.Float32, ["n"]));
        graph.NodeTo("Mul", [x, graph.Scalar(2f)], ["y"]);
        graph.Output(new TensorSpec("y", TensorElementType.Float32, ["n"]));
        return graph.Build("1.0", 1, "y = 2x");
    }
}
