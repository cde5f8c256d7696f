using System.Globalization;
using System.Runtime.InteropServices;

namespace VideoGen.Inference.Onnx;

/// <summary>
/// Builds a single-graph ONNX model (default domain, one opset) and serializes it to <c>ModelProto</c> bytes with
/// <see cref="ProtoWriter"/>, following the public ONNX IR field numbers. Only what the reference models need:
/// float/int64 tensors, raw-data initializers and scalar/list attributes.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The opset the reference models target (GridSample needs at least 16).</summary>
    public const long DefaultOpset = 17;

    /// <summary>The IR version that goes with opset 17.</summary>
    public const long DefaultIrVersion = 8;

    private readonly List<Action<ProtoWriter>> _nodes = [];
    private readonly List<Action<ProtoWriter>> _initializers = [];
    private readonly List<Action<ProtoWriter>> _inputs = [];
    private readonly List<Action<ProtoWriter>> _outputs = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Starts a graph named <paramref name="graphName"/>.</summary>
    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        GraphName = graphName;
    }

    /// <summary>The graph's name.</summary>
    public string GraphName { get; }

    /// <summary>Declares a graph input.</summary>
    public string Input(TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Claim(spec.Name);
        _inputs.Add(w => WriteValueInfo(w, spec));
        return spec.Name;
    }

    /// <summary>Declares a graph output; <paramref name="spec"/>'s name must be produced by a node.</summary>
    public void Output(TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _outputs.Add(w => WriteValueInfo(w, spec));
    }

    /// <summary>Adds a float initializer (a constant) and returns its name.</summary>
    public string Constant(float[] values, params long[] dims) =>
        AddInitializer(TensorElementType.Float32, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims, values.Length);

    /// <summary>Adds an int64 initializer (a constant) and returns its name.</summary>
    public string Constant(long[] values, params long[] dims) =>
        AddInitializer(TensorElementType.Int64, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims, values.Length);

    /// <summary>A float scalar constant (rank 0).</summary>
    public string Scalar(float value) => Constant([value]);

    /// <summary>An int64 scalar constant (rank 0).</summary>
    public string Scalar(long value) => Constant([value]);

    /// <summary>A 1-D int64 constant, as Slice, Reshape, Pad and Expand take.</summary>
    public string Ints(params long[] values) => Constant(values, values.Length);

    /// <summary>Adds a node with one output and returns the output's generated name.</summary>
    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes)
    {
        var output = NewName(opType);
        NodeTo(opType, inputs, [output], attributes);
        return output;
    }

    /// <summary>Adds a node writing the named <paramref name="outputs"/>. An empty input name marks an omitted optional input.</summary>
    public void NodeTo(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        foreach (var output in outputs)
        {
            if (!_names.Contains(output))
            {
                Claim(output);
            }
        }
        var name = NewName(opType + "_node");
        _nodes.Add(w =>
        {
            foreach (var input in inputs)
            {
                w.WriteString(1, input);
            }
            foreach (var output in outputs)
            {
                w.WriteString(2, output);
            }
            w.WriteString(3, name);
            w.WriteString(4, opType);
            foreach (var attribute in attributes)
            {
                w.WriteMessage(5, attribute.WriteTo);
            }
        });
    }

    /// <summary>Serializes the model: <c>ModelProto</c> with one graph and one default-domain opset import.</summary>
    public byte[] Build(string producerVersion, long modelVersion, string docString, long opset = DefaultOpset, long irVersion = DefaultIrVersion)
    {
        var model = new ProtoWriter();
        model.WriteInt64(1, irVersion);
        model.WriteString(2, "VideoGen.Inference");
        model.WriteString(3, producerVersion);
        model.WriteString(4, "ai.videogen");
        model.WriteInt64(5, modelVersion);
        model.WriteString(6, docString);
        model.WriteMessage(7, graph =>
        {
            foreach (var node in _nodes)
            {
                graph.WriteMessage(1, node);
            }
            graph.WriteString(2, GraphName);
            foreach (var initializer in _initializers)
            {
                graph.WriteMessage(5, initializer);
            }
            foreach (var input in _inputs)
            {
                graph.WriteMessage(11, input);
            }
            foreach (var output in _outputs)
            {
                graph.WriteMessage(12, output);
            }
        });
        model.WriteMessage(8, opsetId =>
        {
            opsetId.WriteString(1, string.Empty);
            opsetId.WriteInt64(2, opset);
        });
        return model.ToArray();
    }

    /// <summary>The ONNX <c>TensorProto.DataType</c> code of an element type.</summary>
    public static int DataTypeCode(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => 1,
        TensorElementType.Int64 => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unsupported element type."),
    };

    private string AddInitializer(TensorElementType type, byte[] raw, long[] dims, int count)
    {
        var product = dims.Aggregate(1L, (a, d) => a * d);
        if (product != count)
        {
            throw new ArgumentException($"Initializer dims [{string.Join(",", dims)}] hold {product} elements, not {count}.", nameof(dims));
        }
        var name = NewName("const");
        _initializers.Add(w =>
        {
            foreach (var d in dims)
            {
                w.WriteInt64(1, d);
            }
            w.WriteInt32(2, DataTypeCode(type));
            w.WriteString(8, name);
            w.WriteBytes(9, raw);
        });
        return name;
    }

    private static void WriteValueInfo(ProtoWriter w, TensorSpec spec)
    {
        w.WriteString(1, spec.Name);
        w.WriteMessage(2, type => type.WriteMessage(1, tensor =>
        {
            tensor.WriteInt32(1, DataTypeCode(spec.ElementType));
            tensor.WriteMessage(2, shape =>
            {
                foreach (var dim in spec.Shape)
                {
                    shape.WriteMessage(1, d =>
                    {
                        if (dim.Symbol is { } symbol)
                        {
                            d.WriteString(2, symbol);
                        }
                        else
                        {
                            d.WriteInt64(1, dim.Size!.Value);
                        }
                    });
                }
            });
        }));
    }

    private string NewName(string prefix)
    {
        string name;
        do
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{_counter++}");
        }
        while (_names.Contains(name));
        _names.Add(name);
        return name;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"The name '{name}' is already used in graph '{GraphName}'.", nameof(name));
        }
    }
}
