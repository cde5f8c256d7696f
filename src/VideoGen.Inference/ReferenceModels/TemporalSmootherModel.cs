using VideoGen.Inference.Onnx;

namespace VideoGen.Inference.ReferenceModels;

/// <summary>
/// Reference <b>temporal smoother</b> — a stand-in for a learned flicker-reduction model. Along the frame axis of each
/// chunk it applies the 3-tap kernel <see cref="Weights"/> (<c>out[t] = ¼·in[t−1] + ½·in[t] + ¼·in[t+1]</c>), repeating
/// the first and last frame at the chunk's edges (<c>Pad</c> in edge mode, three <c>Slice</c>s, <c>Mul</c>/<c>Add</c>).
/// Chunks never blend into each other: several chunks stack along <c>batch</c>.
/// </summary>
public static class TemporalSmootherModel
{
    /// <summary>Manifest name.</summary>
    public const string Name = "temporal-smoother-reference";

    /// <summary>Manifest version.</summary>
    public const string Version = "1.0.0";

    /// <summary>The kernel applied to frames t−1, t and t+1 (stored in the graph as an initializer).</summary>
    public static IReadOnlyList<float> Weights { get; } = [0.25f, 0.5f, 0.25f];

    /// <summary>The model's definition.</summary>
    public static ReferenceModel Definition { get; } = new(
        Name,
        Version,
        ModelTier.Interactive,
        "Reference stand-in temporal smoother: 3-tap [0.25, 0.5, 0.25] average along the frames of each chunk, edge frames repeated. Not a learned model.",
        "batch",
        [new("frames", TensorElementType.Float32, ["batch", "frames", 3, "height", "width"])],
        [new("smoothed", TensorElementType.Float32, ["batch", "frames", 3, "height", "width"])],
        Build);

    private static byte[] Build()
    {
        var g = new OnnxGraphBuilder("temporal_smoother_reference");
        var frames = g.Input(Definition.Inputs[0]);
        var weights = g.Constant([.. Weights], 3);
        var padded = g.Node("Pad", [frames, g.Ints(0, 1, 0, 0, 0, 0, 1, 0, 0, 0)], OnnxAttribute.String("mode", "edge"));
        var frameAxis = g.Ints(1);
        var previous = g.Node("Slice", [padded, g.Ints(0), g.Ints(-2), frameAxis]);
        var current = g.Node("Slice", [padded, g.Ints(1), g.Ints(-1), frameAxis]);
        var next = g.Node("Slice", [padded, g.Ints(2), g.Ints(long.MaxValue), frameAxis]);
        string Tap(string input, long k) => g.Node("Mul", [input, g.Node("Slice", [weights, g.Ints(k), g.Ints(k + 1), g.Ints(0)])]);
        var sum = g.Node("Add", [g.Node("Add", [Tap(previous, 0), Tap(current, 1)]), Tap(next, 2)]);
        g.NodeTo("Identity", [sum], ["smoothed"]);
        g.Output(Definition.Outputs[0]);
        return g.Build(Version, 1, Definition.Description);
    }
}
