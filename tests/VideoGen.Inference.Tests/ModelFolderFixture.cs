using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VideoGen.Inference.ReferenceModels;

namespace VideoGen.Inference.Tests;

/// <summary>Writes the reference models and manifest once into a temporary folder, as the ModelBuilder command does.</summary>
public sealed class ModelFolderFixture : IDisposable
{
    public ModelFolderFixture()
    {
        Directory = TempFolder.Create("models");
        Manifest = ReferenceModelSet.WriteAll(Directory);
        Cache = new ModelSessionCache(Manifest, new InferenceOptions { ManifestPath = ManifestPath, IntraOpThreads = 1 },
            NullLogger.Instance, new ExecutionProviderSelector());
    }

    public string Directory { get; }

    public string ManifestPath => Path.Combine(Directory, ReferenceModelSet.ManifestFileName);

    public ModelManifest Manifest { get; }

    public ModelSessionCache Cache { get; }

    public void Dispose()
    {
        Cache.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ModelFolderCollection : ICollectionFixture<ModelFolderFixture>
{
    public const string Name = "reference models";
}

internal static class TempFolder
{
    public static string Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"videogen-inference-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>Collects formatted log lines.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, EventId Id, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, eventId, formatter(state, exception)));
        }
    }
}

internal static class Assertions
{
    public static void Close(float[] expected, float[] actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (MathF.Abs(expected[i] - actual[i]) > tolerance)
            {
                Assert.Fail($"Element {i}: expected {expected[i]}, ONNX Runtime gave {actual[i]} (tolerance {tolerance}).");
            }
        }
    }

    /// <summary>Deterministic pseudo-random values in [0, 1).</summary>
    public static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextSingle())];
    }
}
