using Microsoft.ML.OnnxRuntime;

namespace VideoGen.Inference;

/// <summary>Checks run requests and loaded sessions against a manifest entry's input/output contract.</summary>
internal static class ContractCheck
{
    /// <summary>
    /// Checks that <paramref name="inputs"/> name exactly the contract's inputs with the right types and shapes, and
    /// that each symbolic dimension has one size throughout the request. Returns the symbol sizes.
    /// </summary>
    public static Dictionary<string, long> Request(ModelEntry entry, IReadOnlyDictionary<string, ModelTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var symbols = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in inputs.Keys)
        {
            if (!entry.Inputs.Any(i => i.Name == name))
            {
                throw new ArgumentException($"Model {entry.Key} has no input '{name}' (inputs: {string.Join(", ", entry.Inputs.Select(i => i.Name))}).", nameof(inputs));
            }
        }
        foreach (var spec in entry.Inputs)
        {
            if (!inputs.TryGetValue(spec.Name, out var tensor))
            {
                throw new ArgumentException($"Model {entry.Key} needs input '{spec}' but the request does not supply it.", nameof(inputs));
            }
            if (tensor.ElementType != spec.ElementType || tensor.Shape.Count != spec.Shape.Count)
            {
                throw new ArgumentException($"Model {entry.Key} input '{spec.Name}' must be {spec} but is {tensor}.", nameof(inputs));
            }
            for (var d = 0; d < spec.Shape.Count; d++)
            {
                var dim = spec.Shape[d];
                var size = tensor.Shape[d];
                if (dim.Size is { } fixedSize && fixedSize != size)
                {
                    throw new ArgumentException($"Model {entry.Key} input '{spec.Name}' must be {spec} but is {tensor}.", nameof(inputs));
                }
                if (dim.Symbol is { } symbol && symbols.TryGetValue(symbol, out var bound) && bound != size)
                {
                    throw new ArgumentException($"Model {entry.Key} input '{spec.Name}' has {symbol}={size} but another input has {symbol}={bound}.", nameof(inputs));
                }
                if (dim.Symbol is { } newSymbol)
                {
                    symbols[newSymbol] = size;
                }
            }
        }
        return symbols;
    }

    /// <summary>Checks that a loaded session's graph matches the manifest's contract.</summary>
    /// <exception cref="ModelManifestException">A name, element type, rank or fixed dimension differs.</exception>
    public static void Session(ModelEntry entry, InferenceSession session)
    {
        Side(entry, "input", entry.Inputs, session.InputMetadata);
        Side(entry, "output", entry.Outputs, session.OutputMetadata);
    }

    private static void Side(ModelEntry entry, string side, IReadOnlyList<TensorSpec> specs, IReadOnlyDictionary<string, NodeMetadata> actual)
    {
        var listed = specs.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        var present = actual.Keys.Order(StringComparer.Ordinal).ToList();
        if (!listed.SequenceEqual(present))
        {
            throw Broken(entry, $"the manifest lists {side}s [{string.Join(", ", listed)}] but the graph has [{string.Join(", ", present)}]");
        }
        foreach (var spec in specs)
        {
            var meta = actual[spec.Name];
            var elementType = meta.IsTensor ? ElementTypeOf(meta.ElementType) : null;
            if (elementType != spec.ElementType)
            {
                throw Broken(entry, $"{side} '{spec.Name}' is {spec.ElementType} in the manifest but {(meta.IsTensor ? meta.ElementType.Name : meta.OnnxValueType.ToString())} in the graph");
            }
            if (meta.Dimensions.Length != spec.Shape.Count)
            {
                throw Broken(entry, $"{side} '{spec.Name}' has rank {spec.Shape.Count} in the manifest but {meta.Dimensions.Length} in the graph");
            }
            for (var d = 0; d < spec.Shape.Count; d++)
            {
                var graphDim = meta.Dimensions[d];
                if (graphDim >= 0 && spec.Shape[d].Size != graphDim)
                {
                    throw Broken(entry, $"{side} '{spec.Name}' dimension {d} is {spec.Shape[d]} in the manifest but fixed at {graphDim} in the graph");
                }
            }
        }
    }

    private static TensorElementType? ElementTypeOf(Type type) =>
        type == typeof(float) ? TensorElementType.Float32 : type == typeof(long) ? TensorElementType.Int64 : null;

    private static ModelManifestException Broken(ModelEntry entry, string what) =>
        new($"Model {entry.Key} does not match its manifest contract: {what}.");
}
