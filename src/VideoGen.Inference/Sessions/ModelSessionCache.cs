using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace VideoGen.Inference;

/// <summary>
/// Loads models listed in the manifest on first use and keeps one ONNX Runtime session per (name, version).
/// Every load reads the file once, verifies its SHA-256 against the manifest, creates the session from those same
/// bytes and checks the graph against the manifest's contract. The execution provider is chosen once, at
/// construction, and logged. A failed load is not cached: the next call tries again.
/// </summary>
public sealed class ModelSessionCache : IDisposable
{
    private readonly ConcurrentDictionary<ModelKey, Lazy<ModelSession>> _sessions = new();
    private readonly ModelManifest _manifest;
    private readonly InferenceOptions _options;
    private readonly ILogger _logger;
    private bool _disposed;

    /// <summary>Creates the cache and selects the execution provider (logged once).</summary>
    public ModelSessionCache(ModelManifest manifest, IOptions<InferenceOptions> options, ILogger<ModelSessionCache> logger)
        : this(manifest, options?.Value!, logger, new ExecutionProviderSelector())
    {
    }

    internal ModelSessionCache(ModelManifest manifest, InferenceOptions options, ILogger logger, ExecutionProviderSelector selector)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(selector);
        _manifest = manifest;
        _options = options;
        _logger = logger;
        ExecutionProvider = selector.Select(options);
        _logger.ExecutionProviderSelected(OrtEnv.Instance().GetVersionString(), selector.Flavor, ExecutionProvider.Provider, ExecutionProvider.Reason);
    }

    /// <summary>The provider every session of this cache runs on.</summary>
    public ExecutionProviderSelection ExecutionProvider { get; }

    /// <summary>The manifest the cache loads from.</summary>
    public ModelManifest Manifest => _manifest;

    /// <summary>Number of sessions currently loaded.</summary>
    public int Count => _sessions.Values.Count(l => l.IsValueCreated);

    /// <summary>Returns the session of <paramref name="key"/>, loading it on first use.</summary>
    /// <exception cref="ModelManifestException">The model is not listed, its file is missing or unreadable by ONNX Runtime, or its graph breaks the contract.</exception>
    /// <exception cref="ModelHashMismatchException">The file's SHA-256 differs from the manifest.</exception>
    public ModelSession Get(ModelKey key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var lazy = _sessions.GetOrAdd(key, k => new Lazy<ModelSession>(() => Load(k), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _sessions.TryRemove(new KeyValuePair<ModelKey, Lazy<ModelSession>>(key, lazy));
            throw;
        }
    }

    /// <summary>Returns the session of model <paramref name="name"/> at <paramref name="version"/>.</summary>
    public ModelSession Get(string name, string version) => Get(new ModelKey(name, version));

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        foreach (var lazy in _sessions.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }
        _sessions.Clear();
    }

    private ModelSession Load(ModelKey key)
    {
        var started = Stopwatch.GetTimestamp();
        var entry = _manifest.Get(key);
        var path = _manifest.ResolvePath(entry);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelManifestException($"Model {key} file '{path}' cannot be read: {e.Message}", e);
        }
        var actual = ModelManifest.ComputeSha256(bytes);
        if (!string.Equals(actual, entry.Sha256, StringComparison.Ordinal))
        {
            _logger.ModelRefused(key, path, entry.Sha256, actual);
            throw new ModelHashMismatchException(key, path, entry.Sha256, actual);
        }
        using var sessionOptions = _options.CreateSessionOptions();
        ExecutionProviderSelector.Apply(sessionOptions, ExecutionProvider);
        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelManifestException($"Model {key} from '{path}' could not be loaded by ONNX Runtime: {e.Message}", e);
        }
        try
        {
            ContractCheck.Session(entry, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        _logger.ModelLoaded(key, path, actual, ExecutionProvider.Provider, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new ModelSession(entry, session, ExecutionProvider);
    }
}
