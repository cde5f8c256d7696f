using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace VideoGen.Inference;

/// <summary>
/// The outputs of one ONNX Runtime run, read in place from ONNX Runtime's own buffers (no copy). With several
/// requests stacked in the run, every output is cut along axis 0 back into one slice per request, in order.
/// The buffers live until <see cref="Dispose"/>; reading from any thread is safe meanwhile, reading after it is not.
/// Obtain one from <see cref="ModelSession.RunInPlace"/>.
/// </summary>
public sealed class ModelRun : IDisposable
{
    private readonly ModelEntry _entry;
    private readonly IDisposableReadOnlyCollection<OrtValue> _values;
    private readonly string[] _names;
    private readonly long[][] _shapes;
    private readonly IReadOnlyList<long> _counts;
    private bool _disposed;

    internal ModelRun(ModelEntry entry, IDisposableReadOnlyCollection<OrtValue> values, string[] names, IReadOnlyList<long>? splitCounts)
    {
        _entry = entry;
        _values = values;
        _names = names;
        _shapes = [.. values.Select(v => v.GetTensorTypeAndShape().Shape)];
        for (var i = 0; i < names.Length; i++)
        {
            var shape = _shapes[i];
            if (splitCounts is not null && (shape.Length == 0 || splitCounts.Sum() != shape[0]))
            {
                values.Dispose();
                throw new InvalidOperationException(
                    $"Model {entry.Key}: output '{names[i]}' has shape [{string.Join(",", shape)}], which cannot be split into rows of {string.Join("+", splitCounts)}.");
            }
        }
        _counts = splitCounts ?? [-1];
    }

    /// <summary>How many requests the run served (1 for an unbatched run).</summary>
    public int Requests => _counts.Count;

    /// <summary>The shape of output <paramref name="output"/> for request <paramref name="request"/>.</summary>
    public IReadOnlyList<long> Shape(int request, string output)
    {
        var (i, _, _) = Locate(request, output);
        var shape = (long[])_shapes[i].Clone();
        if (_counts[0] >= 0)
        {
            shape[0] = _counts[request];
        }
        return shape;
    }

    /// <summary>Request <paramref name="request"/>'s slice of float32 output <paramref name="output"/>, in ONNX Runtime's buffer.</summary>
    /// <exception cref="InvalidOperationException">The output is not float32.</exception>
    public ReadOnlySpan<float> Float32(int request, string output)
    {
        var (i, offset, length) = Locate(request, output);
        Require(i, TensorElementType.Float32);
        return _values[i].GetTensorDataAsSpan<float>().Slice(offset, length);
    }

    /// <summary>Request <paramref name="request"/>'s slice of int64 output <paramref name="output"/>, in ONNX Runtime's buffer.</summary>
    /// <exception cref="InvalidOperationException">The output is not int64.</exception>
    public ReadOnlySpan<long> Int64(int request, string output)
    {
        var (i, offset, length) = Locate(request, output);
        Require(i, TensorElementType.Int64);
        return _values[i].GetTensorDataAsSpan<long>().Slice(offset, length);
    }

    /// <summary>Copies request <paramref name="request"/>'s outputs into managed tensors that outlive the run.</summary>
    public IReadOnlyDictionary<string, ModelTensor> Copy(int request)
    {
        var outputs = new Dictionary<string, ModelTensor>(StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++)
        {
            var shape = Shape(request, _names[i]).ToArray();
            outputs[_names[i]] = _entry.Outputs[i].ElementType == TensorElementType.Float32
                ? ModelTensor.Float32(Float32(request, _names[i]).ToArray(), shape)
                : ModelTensor.Int64(Int64(request, _names[i]).ToArray(), shape);
        }
        return outputs;
    }

    /// <summary>Frees ONNX Runtime's output buffers.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _values.Dispose();
        }
    }

    private (int Index, int Offset, int Length) Locate(int request, string output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(request);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(request, _counts.Count);
        var i = Array.IndexOf(_names, output);
        if (i < 0)
        {
            throw new ArgumentException($"Model {_entry.Key} has no output '{output}' (it has {string.Join(", ", _names)}).", nameof(output));
        }
        var shape = _shapes[i];
        var total = (int)shape.Aggregate(1L, (a, d) => a * d);
        if (_counts[0] < 0)
        {
            return (i, 0, total);
        }
        var rowLength = shape[0] == 0 ? 0 : total / (int)shape[0];
        var offset = 0;
        for (var r = 0; r < request; r++)
        {
            offset += (int)_counts[r] * rowLength;
        }
        return (i, offset, (int)_counts[request] * rowLength);
    }

    private void Require(int i, TensorElementType type)
    {
        if (_entry.Outputs[i].ElementType != type)
        {
            throw new InvalidOperationException($"Model {_entry.Key}: output '{_names[i]}' is {_entry.Outputs[i].ElementType}, not {type}.");
        }
    }
}
