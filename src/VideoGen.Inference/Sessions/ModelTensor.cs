namespace VideoGen.Inference;

/// <summary>
/// A dense row-major tensor moved in or out of a model run: float32 or int64 data with its shape.
/// The data array is owned by the tensor; callers must not change it after handing it over.
/// </summary>
public sealed class ModelTensor
{
    private readonly float[]? _floats;
    private readonly long[]? _longs;

    private ModelTensor(TensorElementType type, float[]? floats, long[]? longs, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0))
        {
            throw new ArgumentException($"Shape [{string.Join(",", shape)}] has a negative dimension.", nameof(shape));
        }
        var count = shape.Aggregate(1L, (a, d) => a * d);
        var length = floats?.Length ?? longs!.Length;
        if (count != length)
        {
            throw new ArgumentException($"Shape [{string.Join(",", shape)}] holds {count} elements but the data has {length}.", nameof(shape));
        }
        ElementType = type;
        _floats = floats;
        _longs = longs;
        Shape = shape;
    }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The number of elements.</summary>
    public int Length => _floats?.Length ?? _longs!.Length;

    /// <summary>A float32 tensor over <paramref name="data"/>.</summary>
    public static ModelTensor Float32(float[] data, params long[] shape) =>
        new(TensorElementType.Float32, data ?? throw new ArgumentNullException(nameof(data)), null, shape);

    /// <summary>An int64 tensor over <paramref name="data"/>.</summary>
    public static ModelTensor Int64(long[] data, params long[] shape) =>
        new(TensorElementType.Int64, null, data ?? throw new ArgumentNullException(nameof(data)), shape);

    /// <summary>The float32 data.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not float32.</exception>
    public float[] Float32Data => _floats ?? throw new InvalidOperationException($"The tensor is {ElementType}, not Float32.");

    /// <summary>The int64 data.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not int64.</exception>
    public long[] Int64Data => _longs ?? throw new InvalidOperationException($"The tensor is {ElementType}, not Int64.");

    /// <summary>The data as an array of its element type.</summary>
    internal Array Data => (Array?)_floats ?? _longs!;

    /// <summary>Whether both tensors have the same type, shape and bit-identical data.</summary>
    public bool ContentEquals(ModelTensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ElementType == other.ElementType
            && Shape.SequenceEqual(other.Shape)
            && (_floats is not null
                ? _floats.AsSpan().SequenceEqual(other._floats)
                : _longs.AsSpan().SequenceEqual(other._longs));
    }

    /// <summary>Joins tensors along axis 0; all other dimensions must match.</summary>
    internal static ModelTensor Concat(IReadOnlyList<ModelTensor> parts)
    {
        var first = parts[0];
        var shape = first.Shape.ToArray();
        shape[0] = parts.Sum(p => p.Shape[0]);
        return first.ElementType == TensorElementType.Float32
            ? Float32([.. parts.SelectMany(p => p.Float32Data)], shape)
            : Int64([.. parts.SelectMany(p => p.Int64Data)], shape);
    }

    /// <inheritdoc />
    public override string ToString() => $"{ElementType}[{string.Join(", ", Shape)}]";
}
