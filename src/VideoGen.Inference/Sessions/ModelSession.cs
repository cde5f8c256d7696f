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
        ContractCheck.Request(Entry, inputs);
        return Execute(inputs, cancellationToken);
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
        var symbols = requests.Select(r => ContractCheck.Request(Entry, r)).ToList();
        if (requests.Count == 1)
        {
            return [Execute(requests[0], cancellationToken)];
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

    private Dictionary<string, ModelTensor> Execute(IReadOnlyDictionary<string, ModelTensor> inputs, CancellationToken cancellationToken)
        => (Dictionary<string, ModelTensor>)Execute(inputs, null, cancellationToken)[0];

    /// <summary>
    /// One ONNX Runtime run. With <paramref name="splitCounts"/>, every output is cut along axis 0 straight from
    /// ONNX Runtime's buffer into one tensor per request (a single copy of each output, not two).
    /// </summary>
    private List<IReadOnlyDictionary<string, ModelTensor>> Execute(IReadOnlyDictionary<string, ModelTensor> inputs, IReadOnlyList<long>? splitCounts, CancellationToken cancellationToken)
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
            using var results = _session.Run(runOptions, names, values, _outputNames);
            IReadOnlyList<long> counts = splitCounts ?? [-1];
            var outputs = counts.Select(_ => new Dictionary<string, ModelTensor>(StringComparer.Ordinal)).ToList();
            for (var i = 0; i < _outputNames.Length; i++)
            {
                var value = results[i];
                var shape = value.GetTensorTypeAndShape().Shape;
                var isFloat = Entry.Outputs[i].ElementType == TensorElementType.Float32;
                var total = (int)value.GetTensorTypeAndShape().ElementCount;
                if (splitCounts is not null && (shape.Length == 0 || splitCounts.Sum() != shape[0]))
                {
                    throw new InvalidOperationException(
                        $"Model {Entry.Key}: output '{_outputNames[i]}' has shape [{string.Join(",", shape)}], which cannot be split into rows of {string.Join("+", splitCounts)}.");
                }

                var rowLength = splitCounts is null || shape[0] == 0 ? total : total / (int)shape[0];
                var offset = 0;
                for (var r = 0; r < counts.Count; r++)
                {
                    var pieceShape = (long[])shape.Clone();
                    var length = total;
                    if (splitCounts is not null)
                    {
                        pieceShape[0] = counts[r];
                        length = (int)counts[r] * rowLength;
                    }

                    outputs[r][_outputNames[i]] = isFloat
                        ? ModelTensor.Float32(value.GetTensorDataAsSpan<float>().Slice(offset, length).ToArray(), pieceShape)
                        : ModelTensor.Int64(value.GetTensorDataAsSpan<long>().Slice(offset, length).ToArray(), pieceShape);
                    offset += length;
                }
            }

            return [.. outputs];
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
