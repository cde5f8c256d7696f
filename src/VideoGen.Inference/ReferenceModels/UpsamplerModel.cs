using VideoGen.Inference.Onnx;

namespace VideoGen.Inference.ReferenceModels;

/// <summary>
/// Reference <b>upsampler</b> — a stand-in for a learned super-resolution model. It doubles width and height with
/// <c>Resize</c> (linear, <c>half_pixel</c> coordinates), then sharpens each channel with a depthwise 3×3
/// <c>Conv</c> (<see cref="Kernel"/>, edge-padded so borders do not darken) and clips to [0, 1].
/// Frames stack along <c>frames</c>.
/// </summary>
public static class UpsamplerModel
{
    /// <summary>Manifest name.</summary>
    public const string Name = "upsampler-reference";

    /// <summary>Manifest version.</summary>
    public const string Version = "1.0.0";

    /// <summary>The 3×3 sharpening kernel, row-major; it sums to 1 so flat areas keep their value.</summary>
    public static IReadOnlyList<float> Kernel { get; } = [0f, -0.25f, 0f, -0.25f, 2f, -0.25f, 0f, -0.25f, 0f];

    /// <summary>The model's definition.</summary>
    public static ReferenceModel Definition { get; } = new(
        Name,
        Version,
        ModelTier.Batch,
        "Reference stand-in upsampler: 2x linear Resize (half_pixel) then a depthwise 3x3 sharpening Conv, clipped to [0, 1]. Not a learned model.",
        "frames",
        [new("frames", TensorElementType.Float32, ["frames", 3, "height", "width"])],
        [new("upsampled", TensorElementType.Float32, ["frames", 3, "upsampled_height", "upsampled_width"])],
        Build);

    private static byte[] Build()
    {
        var g = new OnnxGraphBuilder("upsampler_reference");
        var frames = g.Input(Definition.Inputs[0]);
        var scales = g.Constant([1f, 1f, 2f, 2f], 4);
        var resized = g.Node("Resize", [frames, string.Empty, scales],
            OnnxAttribute.String("mode", "linear"), OnnxAttribute.String("coordinate_transformation_mode", "half_pixel"));
        var padded = g.Node("Pad", [resized, g.Ints(0, 0, 1, 1, 0, 0, 1, 1)], OnnxAttribute.String("mode", "edge"));
        float[] weights = [.. Kernel, .. Kernel, .. Kernel];
        var sharpened = g.Node("Conv", [padded, g.Constant(weights, 3, 1, 3, 3)],
            OnnxAttribute.Int("group", 3), OnnxAttribute.Ints("kernel_shape", 3, 3));
        g.NodeTo("Clip", [sharpened, g.Scalar(0f), g.Scalar(1f)], ["upsampled"]);
        g.Output(Definition.Outputs[0]);
        return g.Build(Version, 1, Definition.Description);
    }
}
