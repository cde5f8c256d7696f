namespace VideoGen.Inference.Onnx;

/// <summary>A node attribute (ONNX <c>AttributeProto</c>): a scalar, a string or a list.</summary>
public sealed record OnnxAttribute
{
    private OnnxAttribute(string name, int type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type;
    }

    /// <summary>The attribute name, e.g. <c>axis</c>.</summary>
    public string Name { get; }

    /// <summary>The ONNX <c>AttributeType</c> value (FLOAT 1, INT 2, STRING 3, FLOATS 6, INTS 7).</summary>
    public int Type { get; }

    private float FloatValue { get; init; }

    private long IntValue { get; init; }

    private string? StringValue { get; init; }

    private IReadOnlyList<float> FloatValues { get; init; } = [];

    private IReadOnlyList<long> IntValues { get; init; } = [];

    /// <summary>An <c>INT</c> attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, 2) { IntValue = value };

    /// <summary>A <c>FLOAT</c> attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, 1) { FloatValue = value };

    /// <summary>A <c>STRING</c> attribute (UTF-8).</summary>
    public static OnnxAttribute String(string name, string value) => new(name, 3) { StringValue = value };

    /// <summary>An <c>INTS</c> attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, 7) { IntValues = values };

    /// <summary>A <c>FLOATS</c> attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, 6) { FloatValues = values };

    /// <summary>Writes the <c>AttributeProto</c> body (name 1, f 2, i 3, s 4, floats 7, ints 8, type 20).</summary>
    internal void WriteTo(ProtoWriter w)
    {
        w.WriteString(1, Name);
        switch (Type)
        {
            case 1:
                w.WriteFloat(2, FloatValue);
                break;
            case 2:
                w.WriteInt64(3, IntValue);
                break;
            case 3:
                w.WriteString(4, StringValue ?? string.Empty);
                break;
            case 6:
                foreach (var f in FloatValues)
                {
                    w.WriteFloat(7, f);
                }
                break;
            case 7:
                foreach (var i in IntValues)
                {
                    w.WriteInt64(8, i);
                }
                break;
            default:
                throw new InvalidOperationException($"Attribute '{Name}' has unsupported type {Type}.");
        }
        w.WriteInt32(20, Type);
    }
}
