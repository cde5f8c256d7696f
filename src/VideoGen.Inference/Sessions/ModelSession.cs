using Microsoft.ML.OnnxRuntime;

namespace VideoGen.Inference;

/// <summary>
/// A loaded, hash-verified model: an ONNX Runtime session plus its manifest entry. Runs are thread-safe.
/// Obtain one from <see cref="ModelSessionCache"/>; the cache owns and disposes it.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    internal ModelSession(ModelEntry entry, InferenceSession session, ExecutionProviderSelection executionProvider)
    {
        Entry = entry;
        _session = session;
        ExecutionProvider = executionProvider;
        _outputNames = [.. entry.Outputs.Select(o => o.Name)];
    }

    /// <summary>The manifest entry the session was loaded from.</summary>
    public ModelEntry Entry { get; }

    /// <summary>The provider the session runs on.</summary>
    public ExecutionProviderSelection ExecutionProvider { get; }

    /// <summary>Runs one request.</summary>
    /// <exception cref="ArgumentException">The inputs break the model's contract; the message names the input.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the run was terminated.</exception>
    public IReadOnlyDictionary<string, ModelTensor> Run(IReadOnlyDictionary<string, ModelTensor> inputs, CancellationToken cancellationToken = default)
    {
        using var run = RunInPlace([inputs], cancellationToken);
        return run.Copy(0);
    }

    /// <summary>
    /// Runs several requests in one ONNX Runtime call: inputs that lead with the model's batch dimension are stacked
    /// along it, shared inputs must be identical, and every output is split back per request, in order.
    /// </summary>
    /// <exception cref="ArgumentException">A request breaks the contract, or the requests are not compatible (see <see cref="CanBatch"/>).</exception>
    /// <exception cref="InvalidOperationException">The model declares no batch dimension and more than one request was given.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the run was terminated.</exception>
    public IReadOnlyList<IReadOnlyDictionary<string, ModelTensor>> RunBatch(
        IReadOnlyList<IReadOnlyDictionary<string, ModelTensor>> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }
        using var run = RunInPlace(requests, cancellationToken);
        return [.. Enumerable.Range(0, run.Requests).Select(run.Copy)];
    }

    /// <summary>
    /// As <see cref="RunBatch"/> (one request or several stacked), but the outputs stay in ONNX Runtime's buffers:
    /// the caller reads each request's slice in place and disposes the run. For callers that convert the outputs
    /// anyway (the GPU worker quantizes frames to RGB24), this saves a copy of every output.
    /// </summary>
    /// <exception cref="ArgumentException">No requests, a request breaks the contract, or the requests are not compatible (see <see cref="CanBatch"/>).</exception>
    /// <exception cref="InvalidOperationException">The model declares no batch dimension and more than one request was given.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the run was terminated.</exception>
    public ModelRun RunInPlace(IReadOnlyList<IReadOnlyDictionary<string, ModelTensor>> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            throw new ArgumentException($"Model {Entry.Key}: a run needs at least one request.", nameof(requests));
        }
        var symbols = requests.Select(r => ContractCheck.Request(Entry, r)).ToList();
        if (requests.Count == 1)
        {
            return Execute(requests[0], null, cancellationToken);
        }
        if (Entry.BatchDimension is not { } batch)
        {
            throw new InvalidOperationException($"Model {Entry.Key} declares no batchDimension in the manifest, so its requests cannot share a run.");
        }
        if (Incompatibility(requests) is { } why)
        {
            throw new ArgumentException($"Model {Entry.Key}: the requests cannot share one run: {why}.", nameof(requests));
        }
        var stacked = new Dictionary<string, ModelTensor>(StringComparer.Ordinal);
        foreach (var spec in Entry.Inputs)
        {
            stacked[spec.Name] = ModelManifest.LeadsWith(spec, batch)
                ? ModelTensor.Concat([.. requests.Select(r => r[spec.Name])])
                : requests[0][spec.Name];
        }
        var counts = symbols.Select(s => s[batch]).ToList();
        return Execute(stacked, counts, cancellationToken);
    }

    /// <summary>
    /// Whether the requests can share one run: the model has a batch dimension, inputs leading with it agree in
    /// every other dimension, and every other input is identical across the requests.
    /// </summary>
    public bool CanBatch(IReadOnlyList<IReadOnlyDictionary<string, ModelTensor>> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return Entry.BatchDimension is not null && Incompatibility(requests) is null;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private string? Incompatibility(IReadOnlyList<IReadOnlyDictionary<string, ModelTensor>> requests)
    {
        var batch = Entry.BatchDimension;
        foreach (var spec in Entry.Inputs)
        {
            if (requests.Any(r => !r.ContainsKey(spec.Name)))
            {
                return $"a request lacks input '{spec.Name}'";
            }
            var first = requests[0][spec.Name];
            foreach (var other in requests.Skip(1).Select(r => r[spec.Name]))
            {
                if (batch is not null && ModelManifest.LeadsWith(spec, batch))
                {
                    if (!first.Shape.Skip(1).SequenceEqual(other.Shape.Skip(1)))
                    {
                        return $"input '{spec.Name}' is {first} in one request and {other} in another";
                    }
                }
                else if (!first.ContentEquals(other))
                {
                    return $"shared input '{spec.Name}' differs between requests";
                }
            }
        }
        return null;
    }

    /// <summary>One ONNX Runtime run; with <paramref name="splitCounts"/>, the outputs are read back per request.</summary>
    private ModelRun Execute(IReadOnlyDictionary<string, ModelTensor> inputs, IReadOnlyList<long>? splitCounts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var names = new List<string>(inputs.Count);
        var values = new List<OrtValue>(inputs.Count);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            foreach (var (name, tensor) in inputs)
            {
                var shape = tensor.Shape.ToArray();
                names.Add(name);
                values.Add(tensor.ElementType == TensorElementType.Float32
                    ? OrtValue.CreateTensorValueFromMemory(tensor.Float32Data, shape)
                    : OrtValue.CreateTensorValueFromMemory(tensor.Int64Data, shape));
            }
            return new ModelRun(Entry, _session.Run(runOptions, names, values, _outputNames), _outputNames, splitCounts);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"The run of model {Entry.Key} was cancelled.", e, cancellationToken);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }
}
