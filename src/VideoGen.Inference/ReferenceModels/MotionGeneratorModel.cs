using VideoGen.Inference.Onnx;

namespace VideoGen.Inference.ReferenceModels;

/// <summary>
/// Reference <b>motion generator</b> — a stand-in for a user's exported image-to-video model, not a learned one.
/// For each frame it warps the product photo along the camera path and composites it over a procedural background:
/// <list type="number">
/// <item>An AffineGrid built from graph ops: output pixel centres in normalized [-1, 1] coordinates
/// (<c>x = (2j + 1) / W − 1</c>, likewise y), mapped through the frame's 2×3 <c>theta</c> to sampling positions
/// in the product photo.</item>
/// <item><c>GridSample</c> (bilinear, zero padding, <c>align_corners = 0</c>) of the premultiplied product
/// (<c>rgb · a</c>, <c>a = alpha · mask</c>).</item>
/// <item>A background from the shot's three-colour palette: a vertical gradient from colour 0 (top) to colour 1
/// (bottom), mixed with colour 2 by <c>0.25 · (0.5 + 0.5 · sin(3.1 (x cos φ + y sin φ) + 0.35 t + 7 φ))</c> where
/// <c>φ = 2π · seed</c> and <c>t</c> is the frame's index in the clip, so chunks of one clip join seamlessly.</item>
/// <item><c>frames = clip(rgb·a + background · (1 − a), 0, 1)</c>; <c>coverage</c> is the warped <c>a</c>.</item>
/// </list>
/// Requests for the same product and size stack along <c>frames</c>.
/// </summary>
public static class MotionGeneratorModel
{
    /// <summary>Manifest name.</summary>
    public const string Name = "motion-reference";

    /// <summary>Manifest version.</summary>
    public const string Version = "1.0.0";

    /// <summary>Golden angle factor used to turn an integer seed into a phase in [0, 1).</summary>
    private const double SeedPhaseStep = 0.6180339887498949;

    /// <summary>The model's definition.</summary>
    public static ReferenceModel Definition { get; } = new(
        Name,
        Version,
        ModelTier.Interactive,
        "Reference stand-in motion generator: product RGBA warped per frame by an affine camera path (AffineGrid and GridSample) "
            + "over a procedural palette/seed background. Not a learned model.",
        "frames",
        [
            new("product", TensorElementType.Float32, [1, 4, "product_height", "product_width"]),
            new("mask", TensorElementType.Float32, [1, 1, "product_height", "product_width"]),
            new("theta", TensorElementType.Float32, ["frames", 2, 3]),
            new("palette", TensorElementType.Float32, ["frames", 3, 3]),
            new("seed", TensorElementType.Float32, ["frames"]),
            new("frame_index", TensorElementType.Float32, ["frames"]),
            new("frame_size", TensorElementType.Int64, [2]),
        ],
        [
            new("frames", TensorElementType.Float32, ["frames", 3, "height", "width"]),
            new("coverage", TensorElementType.Float32, ["frames", 1, "height", "width"]),
        ],
        Build);

    /// <summary>Maps an integer shot seed to the model's <c>seed</c> input, a phase in [0, 1).</summary>
    public static float SeedPhase(long seed)
    {
        var phase = (seed * SeedPhaseStep) % 1.0;
        return (float)(phase < 0 ? phase + 1.0 : phase);
    }

    private static byte[] Build()
    {
        var g = new OnnxGraphBuilder("motion_reference");
        foreach (var input in Definition.Inputs)
        {
            g.Input(input);
        }
        var one = g.Scalar(1f);
        var half = g.Scalar(0.5f);
        var zero = g.Scalar(0f);

        // Output size and normalized pixel-centre coordinates (align_corners = 0).
        var heightScalar = g.Node("Gather", ["frame_size", g.Scalar(0L)], OnnxAttribute.Int("axis", 0));
        var widthScalar = g.Node("Gather", ["frame_size", g.Scalar(1L)], OnnxAttribute.Int("axis", 0));
        var yn = NormalizedCentres(g, heightScalar);
        var xn = NormalizedCentres(g, widthScalar);
        var xRow = g.Node("Reshape", [xn, g.Ints(1, -1)]);
        var yCol = g.Node("Reshape", [yn, g.Ints(-1, 1)]);
        var xGrid = g.Node("Add", [xRow, g.Node("Mul", [yCol, zero])]);
        var yGrid = g.Node("Add", [yCol, g.Node("Mul", [xRow, zero])]);
        var ones = g.Node("Add", [g.Node("Mul", [xGrid, zero]), one]);
        var column = g.Ints(-1, 1);
        var baseGrid = g.Node("Concat",
            [g.Node("Reshape", [xGrid, column]), g.Node("Reshape", [yGrid, column]), g.Node("Reshape", [ones, column])],
            OnnxAttribute.Int("axis", 1));

        // AffineGrid: [H·W, 3] × thetaᵀ [N, 3, 2] → [N, H·W, 2] → [N, H, W, 2].
        var thetaT = g.Node("Transpose", ["theta"], OnnxAttribute.Ints("perm", 0, 2, 1));
        var points = g.Node("MatMul", [baseGrid, thetaT]);
        var frameCount = g.Node("Slice", [g.Node("Shape", ["theta"]), g.Ints(0), g.Ints(1)]);
        var gridShape = g.Node("Concat",
            [frameCount, g.Node("Reshape", [heightScalar, g.Ints(1)]), g.Node("Reshape", [widthScalar, g.Ints(1)]), g.Ints(2)],
            OnnxAttribute.Int("axis", 0));
        var grid = g.Node("Reshape", [points, gridShape]);

        // Premultiplied product with its coverage, repeated per frame and warped.
        var rgb = SliceChannels(g, "product", 0, 3);
        var alpha = g.Node("Mul", [SliceChannels(g, "product", 3, 4), "mask"]);
        var source = g.Node("Concat", [g.Node("Mul", [rgb, alpha]), alpha], OnnxAttribute.Int("axis", 1));
        var perFrame = g.Node("Expand", [source, g.Node("Concat", [frameCount, g.Ints(1, 1, 1)], OnnxAttribute.Int("axis", 0))]);
        var warped = g.Node("GridSample", [perFrame, grid],
            OnnxAttribute.Int("align_corners", 0), OnnxAttribute.String("mode", "bilinear"), OnnxAttribute.String("padding_mode", "zeros"));
        var warpedRgb = SliceChannels(g, warped, 0, 3);
        var warpedAlpha = SliceChannels(g, warped, 3, 4);

        // Procedural background from palette, seed and frame index.
        var perFrame4 = g.Ints(-1, 1, 1, 1);
        var phi = g.Node("Mul", [g.Node("Reshape", ["seed", perFrame4]), g.Scalar(2f * MathF.PI)]);
        var t = g.Node("Reshape", ["frame_index", perFrame4]);
        var x4 = g.Node("Reshape", [xn, g.Ints(1, 1, 1, -1)]);
        var y4 = g.Node("Reshape", [yn, g.Ints(1, 1, -1, 1)]);
        var direction = g.Node("Add", [g.Node("Mul", [x4, g.Node("Cos", [phi])]), g.Node("Mul", [y4, g.Node("Sin", [phi])])]);
        var argument = g.Node("Add", [
            g.Node("Add", [g.Node("Mul", [direction, g.Scalar(3.1f)]), g.Node("Mul", [t, g.Scalar(0.35f)])]),
            g.Node("Mul", [phi, g.Scalar(7f)])]);
        var wave = g.Node("Add", [g.Node("Mul", [g.Node("Sin", [argument]), half]), half]);
        var accentWeight = g.Node("Mul", [wave, g.Scalar(0.25f)]);
        var gradient = g.Node("Mul", [g.Node("Add", [y4, one]), half]);
        var top = PaletteColour(g, 0);
        var bottom = PaletteColour(g, 1);
        var accent = PaletteColour(g, 2);
        var sky = g.Node("Add", [g.Node("Mul", [top, g.Node("Sub", [one, gradient])]), g.Node("Mul", [bottom, gradient])]);
        var background = g.Node("Add", [g.Node("Mul", [sky, g.Node("Sub", [one, accentWeight])]), g.Node("Mul", [accent, accentWeight])]);

        var composite = g.Node("Add", [warpedRgb, g.Node("Mul", [background, g.Node("Sub", [one, warpedAlpha])])]);
        g.NodeTo("Clip", [composite, zero, one], ["frames"]);
        g.NodeTo("Identity", [warpedAlpha], ["coverage"]);
        foreach (var output in Definition.Outputs)
        {
            g.Output(output);
        }
        return g.Build(Version, 1, Definition.Description);
    }

    /// <summary>(2i + 1) / size − 1 for i in [0, size): the pixel centres in normalized coordinates.</summary>
    private static string NormalizedCentres(OnnxGraphBuilder g, string sizeScalar)
    {
        var index = g.Node("Cast", [g.Node("Range", [g.Scalar(0L), sizeScalar, g.Scalar(1L)])], OnnxAttribute.Int("to", 1));
        var size = g.Node("Cast", [sizeScalar], OnnxAttribute.Int("to", 1));
        var twiceCentre = g.Node("Add", [g.Node("Mul", [index, g.Scalar(2f)]), g.Scalar(1f)]);
        return g.Node("Sub", [g.Node("Div", [twiceCentre, size]), g.Scalar(1f)]);
    }

    private static string SliceChannels(OnnxGraphBuilder g, string tensor, long start, long end) =>
        g.Node("Slice", [tensor, g.Ints(start), g.Ints(end), g.Ints(1)]);

    /// <summary>Palette colour k of every frame as [N, 3, 1, 1].</summary>
    private static string PaletteColour(OnnxGraphBuilder g, long k) =>
        g.Node("Reshape", [g.Node("Slice", ["palette", g.Ints(k), g.Ints(k + 1), g.Ints(1)]), g.Ints(-1, 3, 1, 1)]);
}
