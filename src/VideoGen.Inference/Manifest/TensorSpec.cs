using System.Text.Json.Serialization;

namespace VideoGen.Inference;

/// <summary>Element types the inference layer moves in and out of ONNX Runtime.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TensorElementType>))]
public enum TensorElementType
{
    /// <summary>32-bit IEEE float (ONNX <c>FLOAT</c>).</summary>
    Float32,

    /// <summary>64-bit signed integer (ONNX <c>INT64</c>).</summary>
    Int64,
}

/// <summary>One named input or output of a model: its element type and shape.</summary>
/// <param name="Name">The graph input or output name, exactly as in the ONNX file.</param>
/// <param name="ElementType">The element type.</param>
/// <param name="Shape">The dimensions, fixed or symbolic.</param>
public sealed record TensorSpec(string Name, TensorElementType ElementType, IReadOnlyList<TensorDim> Shape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Shape)}]";
}
