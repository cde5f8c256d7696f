using VideoGen.Contracts.Gpu;
using VideoGen.Inference;
using VideoGen.Inference.ReferenceModels;

namespace VideoGen.GpuWorker.Tests;

/// <summary>The test product, jobs, and an independent direct run of the motion model.</summary>
internal static class TestData
{
    public static readonly IReadOnlyList<string> Palette = ["#1a2b3c", "#d0e0f0", "#ff8800"];

    // No rotation, so the sampling matrix is simply [1/z, 0, -px/z; 0, 1/z, -py/z].
    public static readonly IReadOnlyList<CameraKeyframe> Camera = [new(0, 0.5, -0.2, 0.0, 0), new(100, 0.8, 0.2, 0.1, 0)];

    public const long Seed = 7;

    public const long FirstFrameIndex = 36;

    /// <summary>A 16×12 RGBA8 photo: colour ramps with a transparent border column.</summary>
    public static byte[] ProductRgba()
    {
        var bytes = new byte[WorkerHarness.ProductWidth * WorkerHarness.ProductHeight * 4];
        for (var y = 0; y < WorkerHarness.ProductHeight; y++)
        {
            for (var x = 0; x < WorkerHarness.ProductWidth; x++)
            {
                var p = (y * WorkerHarness.ProductWidth + x) * 4;
                bytes[p] = (byte)(x * 16);
                bytes[p + 1] = (byte)(y * 20);
                bytes[p + 2] = (byte)(255 - x * 8);
                bytes[p + 3] = x is 0 or WorkerHarness.ProductWidth - 1 ? (byte)0 : (byte)255;
            }
        }
        return bytes;
    }

    public static GpuJob Job(TestScope scope, string jobId, GpuTier tier = GpuTier.Interactive, int frames = 12,
        string model = MotionGeneratorModel.Name, string version = MotionGeneratorModel.Version, string? outputPrefix = null) =>
        new(
            jobId,
            "instance-1",
            0,
            tier,
            new GpuModelRef(model, version),
            new GpuChunkSpec(frames, WorkerHarness.Width, WorkerHarness.Height, 24, 2, Seed, FirstFrameIndex, new GpuShotParameters(Palette, Camera)),
            scope.ContainerName,
            new GpuJobInputs(WorkerHarness.ProductBlob, WorkerHarness.ProductWidth, WorkerHarness.ProductHeight),
            outputPrefix ?? $"renders/{jobId}",
            DateTimeOffset.UtcNow.AddHours(1),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    /// <summary>All frames of a chunk in one direct ONNX Runtime call, quantized to RGB24, built without the worker's code.</summary>
    public static byte[] DirectRun(int frames)
    {
        using var cache = new ModelSessionCache(ModelManifest.Load(WorkerHarness.ModelsManifest),
            Microsoft.Extensions.Options.Options.Create(new InferenceOptions { ManifestPath = WorkerHarness.ModelsManifest, ExecutionProvider = ExecutionProviderPreference.Cpu, IntraOpThreads = 1 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ModelSessionCache>.Instance);
        var session = cache.Get(MotionGeneratorModel.Name, MotionGeneratorModel.Version);
        int pw = WorkerHarness.ProductWidth, ph = WorkerHarness.ProductHeight, plane = pw * ph;
        var rgba = ProductRgba();
        var product = new float[4 * plane];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 4; c++)
            {
                product[c * plane + p] = rgba[p * 4 + c] / 255f;
            }
        }
        var theta = new float[frames * 6];
        var palette = new float[frames * 9];
        var seed = new float[frames];
        var index = new float[frames];
        float[] colours = [0x1a / 255f, 0x2b / 255f, 0x3c / 255f, 0xd0 / 255f, 0xe0 / 255f, 0xf0 / 255f, 0xff / 255f, 0x88 / 255f, 0x00 / 255f];
        for (var f = 0; f < frames; f++)
        {
            var t = FirstFrameIndex + f;
            var u = t / 100.0;
            var zoom = 0.5 + (0.8 - 0.5) * u;
            var panX = -0.2 + (0.2 - -0.2) * u;
            var panY = 0.0 + (0.1 - 0.0) * u;
            float[] row = [(float)(1 / zoom), 0f, (float)(-panX / zoom), 0f, (float)(1 / zoom), (float)(-panY / zoom)];
            row.CopyTo(theta, f * 6);
            colours.CopyTo(palette, f * 9);
            seed[f] = MotionGeneratorModel.SeedPhase(Seed);
            index[f] = t;
        }
        var outputs = session.Run(new Dictionary<string, ModelTensor>
        {
            ["product"] = ModelTensor.Float32(product, 1, 4, ph, pw),
            ["mask"] = ModelTensor.Float32(Enumerable.Repeat(1f, plane).ToArray(), 1, 1, ph, pw),
            ["theta"] = ModelTensor.Float32(theta, frames, 2, 3),
            ["palette"] = ModelTensor.Float32(palette, frames, 3, 3),
            ["seed"] = ModelTensor.Float32(seed, frames),
            ["frame_index"] = ModelTensor.Float32(index, frames),
            ["frame_size"] = ModelTensor.Int64([WorkerHarness.Height, WorkerHarness.Width], 2),
        });
        var planar = outputs["frames"].Float32Data;
        int w = WorkerHarness.Width, h = WorkerHarness.Height, framePlane = w * h;
        var bytes = new byte[frames * framePlane * 3];
        for (var f = 0; f < frames; f++)
        {
            for (var p = 0; p < framePlane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    bytes[(f * framePlane + p) * 3 + c] = (byte)MathF.Round(Math.Clamp(planar[(f * 3 + c) * framePlane + p], 0f, 1f) * 255f);
                }
            }
        }
        return bytes;
    }
}

/// <summary>Cancels a token when a worker writes its n-th checkpoint (synchronously, so the worker stops right after it).</summary>
internal sealed class StopAfterCheckpoints(CancellationTokenSource stop, int checkpoints) : IChunkProgressObserver
{
    private int _seen;

    public void OnCheckpoint(GpuJob job, int framesDone)
    {
        if (Interlocked.Increment(ref _seen) == checkpoints)
        {
            stop.Cancel();
        }
    }
}
