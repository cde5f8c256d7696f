using VideoGen.Contracts.Gpu;
using VideoGen.GpuWorker.Jobs;
using VideoGen.Inference;
using VideoGen.Inference.ReferenceModels;

namespace VideoGen.GpuWorker.Rendering;

/// <summary>
/// Turns a job and its product photo into the inputs of a motion-generator model (the contract of
/// <see cref="MotionGeneratorModel"/>) for any range of the chunk's frames. Every value depends only on the job and
/// the frame's index, never on the range, so rendering a chunk in pieces gives the same frames as in one go.
/// </summary>
internal sealed class MotionInputs
{
    /// <summary>The input names of the motion generator contract.</summary>
    public static readonly IReadOnlySet<string> InputNames = MotionGeneratorModel.Definition.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);

    private readonly GpuJob _job;
    private readonly ModelTensor _product;
    private readonly ModelTensor _mask;
    private readonly float[] _palette;
    private readonly float _seedPhase;

    /// <summary>Prepares the shared inputs.</summary>
    /// <exception cref="JobRejectedException">The product or mask bytes do not have the size the job states.</exception>
    public MotionInputs(GpuJob job, ReadOnlySpan<byte> productRgba, ReadOnlySpan<byte> mask)
    {
        _job = job;
        var width = job.Inputs.ProductWidth;
        var height = job.Inputs.ProductHeight;
        var plane = width * height;
        if (productRgba.Length != plane * 4)
        {
            throw new JobRejectedException(
                $"Input blob '{job.Inputs.ProductRgba}' has {productRgba.Length} bytes; raw RGBA8 of {width}×{height} needs {plane * 4}.");
        }
        if (!mask.IsEmpty && mask.Length != plane)
        {
            throw new JobRejectedException(
                $"Input blob '{job.Inputs.ProductMask}' has {mask.Length} bytes; an 8-bit mask of {width}×{height} needs {plane}.");
        }
        var product = new float[plane * 4];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 4; c++)
            {
                product[c * plane + p] = productRgba[p * 4 + c] / 255f;
            }
        }
        var maskData = new float[plane];
        for (var p = 0; p < plane; p++)
        {
            maskData[p] = mask.IsEmpty ? 1f : mask[p] / 255f;
        }
        _product = ModelTensor.Float32(product, 1, 4, height, width);
        _mask = ModelTensor.Float32(maskData, 1, 1, height, width);
        _palette = new float[9];
        for (var k = 0; k < 3; k++)
        {
            var (r, g, b) = JobReader.ParseColour(job.Chunk.Shot.Palette[k]);
            _palette[k * 3] = r;
            _palette[k * 3 + 1] = g;
            _palette[k * 3 + 2] = b;
        }
        _seedPhase = MotionGeneratorModel.SeedPhase(job.Chunk.Seed);
    }

    /// <summary>The request for chunk frames [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>).</summary>
    public IReadOnlyDictionary<string, ModelTensor> For(int first, int count)
    {
        var theta = new float[count * 6];
        var palette = new float[count * 9];
        var seed = new float[count];
        var frameIndex = new float[count];
        for (var f = 0; f < count; f++)
        {
            var clipFrame = _job.Chunk.FirstFrameIndex + first + f;
            Theta(_job.Chunk.Shot.CameraPath, clipFrame).CopyTo(theta, f * 6);
            _palette.CopyTo(palette, f * 9);
            seed[f] = _seedPhase;
            frameIndex[f] = clipFrame;
        }
        return new Dictionary<string, ModelTensor>(StringComparer.Ordinal)
        {
            ["product"] = _product,
            ["mask"] = _mask,
            ["theta"] = ModelTensor.Float32(theta, count, 2, 3),
            ["palette"] = ModelTensor.Float32(palette, count, 3, 3),
            ["seed"] = ModelTensor.Float32(seed, count),
            ["frame_index"] = ModelTensor.Float32(frameIndex, count),
            ["frame_size"] = ModelTensor.Int64([_job.Chunk.Height, _job.Chunk.Width], 2),
        };
    }

    /// <summary>
    /// The 2×3 sampling matrix of a clip frame: a frame point p (normalized) samples the photo at
    /// <c>R(−rotation) · (p − pan) / zoom</c>, with the keyframes interpolated linearly and held at the ends.
    /// </summary>
    public static float[] Theta(IReadOnlyList<CameraKeyframe> path, long clipFrame)
    {
        var (zoom, panX, panY, degrees) = Interpolate(path, clipFrame);
        var radians = degrees * Math.PI / 180.0;
        var c = Math.Cos(radians);
        var s = Math.Sin(radians);
        return
        [
            (float)(c / zoom), (float)(s / zoom), (float)(-(c * panX + s * panY) / zoom),
            (float)(-s / zoom), (float)(c / zoom), (float)((s * panX - c * panY) / zoom),
        ];
    }

    private static (double Zoom, double PanX, double PanY, double Degrees) Interpolate(IReadOnlyList<CameraKeyframe> path, long frame)
    {
        if (frame <= path[0].Frame)
        {
            return (path[0].Zoom, path[0].PanX, path[0].PanY, path[0].RotationDegrees);
        }
        for (var i = 1; i < path.Count; i++)
        {
            if (frame <= path[i].Frame)
            {
                var (a, b) = (path[i - 1], path[i]);
                var u = (double)(frame - a.Frame) / (b.Frame - a.Frame);
                return (Lerp(a.Zoom, b.Zoom, u), Lerp(a.PanX, b.PanX, u), Lerp(a.PanY, b.PanY, u), Lerp(a.RotationDegrees, b.RotationDegrees, u));
            }
        }
        var last = path[^1];
        return (last.Zoom, last.PanX, last.PanY, last.RotationDegrees);
    }

    private static double Lerp(double a, double b, double u) => a + (b - a) * u;
}
