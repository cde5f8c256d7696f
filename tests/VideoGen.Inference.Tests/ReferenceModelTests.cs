using VideoGen.Inference.ReferenceModels;

namespace VideoGen.Inference.Tests;

[Collection(ModelFolderCollection.Name)]
public sealed class ReferenceModelTests(ModelFolderFixture models)
{
    private const int ProductHeight = 5;
    private const int ProductWidth = 6;
    private const int Height = 4;
    private const int Width = 7;

    [Fact]
    public void MotionGenerator_CameraPathAndPalette_MatchesPlainComputation()
    {
        var session = models.Cache.Get(MotionGeneratorModel.Name, MotionGeneratorModel.Version);
        var request = MotionRequest(frameIndices: [10, 11, 12], productSeed: 1);

        var outputs = session.Run(request);

        var (frames, coverage) = ExpectedMotion(request);
        Assert.Equal([3L, 3, Height, Width], outputs["frames"].Shape);
        Assert.Equal([3L, 1, Height, Width], outputs["coverage"].Shape);
        Assertions.Close(frames, outputs["frames"].Float32Data);
        Assertions.Close(coverage, outputs["coverage"].Float32Data);
        Assert.Contains(coverage, a => a > 0.5f); // the product is really in the frame
        Assert.Contains(coverage, a => a == 0f); // and the background shows around it
    }

    [Fact]
    public void MotionGenerator_TwoChunksBatched_EqualSeparateRuns()
    {
        var session = models.Cache.Get(MotionGeneratorModel.Name, MotionGeneratorModel.Version);
        var first = MotionRequest(frameIndices: [0, 1, 2], productSeed: 1);
        var second = MotionRequest(frameIndices: [3, 4], productSeed: 1);

        var batched = session.RunBatch([first, second]);

        Assert.Equal(2, batched.Count);
        Assert.Equal([2L, 3, Height, Width], batched[1]["frames"].Shape);
        Assert.Equal(session.Run(first)["frames"].Float32Data, batched[0]["frames"].Float32Data);
        Assert.Equal(session.Run(second)["frames"].Float32Data, batched[1]["frames"].Float32Data);
        Assertions.Close(ExpectedMotion(second).Frames, batched[1]["frames"].Float32Data);
    }

    [Fact]
    public void MotionGenerator_DifferentProducts_CannotShareRun()
    {
        var session = models.Cache.Get(MotionGeneratorModel.Name, MotionGeneratorModel.Version);
        var first = MotionRequest(frameIndices: [0], productSeed: 1);
        var second = MotionRequest(frameIndices: [1], productSeed: 2);

        Assert.False(session.CanBatch([first, second]));
        var error = Assert.Throws<ArgumentException>(() => session.RunBatch([first, second]));
        Assert.Contains("product", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemporalSmoother_TwoChunks_MatchesPlainComputationWithoutCrossChunkBlending()
    {
        var session = models.Cache.Get(TemporalSmootherModel.Name, TemporalSmootherModel.Version);
        const int frames = 4, height = 2, width = 3, frameSize = 3 * height * width;
        var chunkA = Assertions.Values(frames * frameSize, seed: 11);
        var chunkB = Assertions.Values(frames * frameSize, seed: 12);
        Dictionary<string, ModelTensor> Request(float[] data) => new() { ["frames"] = ModelTensor.Float32(data, 1, frames, 3, height, width) };

        var outputs = session.RunBatch([Request(chunkA), Request(chunkB)]);

        Assertions.Close(ReferenceMath.Smooth(chunkA, 1, frames, frameSize, TemporalSmootherModel.Weights), outputs[0]["smoothed"].Float32Data);
        Assertions.Close(ReferenceMath.Smooth(chunkB, 1, frames, frameSize, TemporalSmootherModel.Weights), outputs[1]["smoothed"].Float32Data);
    }

    [Fact]
    public void TemporalSmoother_FlickeringFrames_ReducesFrameToFrameChange()
    {
        var session = models.Cache.Get(TemporalSmootherModel.Name, TemporalSmootherModel.Version);
        const int frames = 6, frameSize = 3 * 2 * 2;
        var flicker = Enumerable.Range(0, frames * frameSize).Select(i => i / frameSize % 2 == 0 ? 0.2f : 0.8f).ToArray();

        var smoothed = session.Run(new Dictionary<string, ModelTensor> { ["frames"] = ModelTensor.Float32(flicker, 1, frames, 3, 2, 2) })["smoothed"].Float32Data;

        static float MeanStep(float[] data) => Enumerable.Range(frameSize, data.Length - frameSize).Average(i => MathF.Abs(data[i] - data[i - frameSize]));
        Assert.True(MeanStep(smoothed) < MeanStep(flicker) / 2, $"flicker {MeanStep(flicker)} → {MeanStep(smoothed)}");
    }

    [Fact]
    public void Upsampler_SmallFrames_MatchesPlainComputation()
    {
        var session = models.Cache.Get(UpsamplerModel.Name, UpsamplerModel.Version);
        const int frames = 2, height = 3, width = 4;
        var input = Assertions.Values(frames * 3 * height * width, seed: 21);

        var output = session.Run(new Dictionary<string, ModelTensor> { ["frames"] = ModelTensor.Float32(input, frames, 3, height, width) })["upsampled"];

        Assert.Equal([(long)frames, 3, height * 2, width * 2], output.Shape);
        Assertions.Close(ReferenceMath.Upsample(input, frames, 3, height, width, UpsamplerModel.Kernel), output.Float32Data);
    }

    [Fact]
    public void Upsampler_FlatFrame_KeepsItsValue()
    {
        var session = models.Cache.Get(UpsamplerModel.Name, UpsamplerModel.Version);
        var flat = Enumerable.Repeat(0.4f, 3 * 3 * 3).ToArray();

        var output = session.Run(new Dictionary<string, ModelTensor> { ["frames"] = ModelTensor.Float32(flat, 1, 3, 3, 3) })["upsampled"];

        Assert.All(output.Float32Data, v => Assert.Equal(0.4f, v, 1e-5f));
    }

    [Fact]
    public void SeedPhase_AnySeed_IsInUnitInterval()
    {
        foreach (var seed in new long[] { 0, 1, 42, -7, long.MaxValue / 3 })
        {
            Assert.InRange(MotionGeneratorModel.SeedPhase(seed), 0f, 1f);
        }
        Assert.NotEqual(MotionGeneratorModel.SeedPhase(1), MotionGeneratorModel.SeedPhase(2));
    }

    private static Dictionary<string, ModelTensor> MotionRequest(float[] frameIndices, int productSeed)
    {
        var n = frameIndices.Length;
        var plane = ProductHeight * ProductWidth;
        var product = Assertions.Values(4 * plane, productSeed);
        for (var p = 0; p < plane; p++)
        {
            product[3 * plane + p] = p % 7 == 0 ? 0f : 1f; // some transparent pixels
        }
        var mask = Enumerable.Range(0, plane).Select(p => p % ProductWidth == 0 ? 0.5f : 1f).ToArray();
        var theta = new float[n * 6];
        for (var f = 0; f < n; f++)
        {
            // A camera path: zoom out, rotate and pan a little more each frame.
            var t = frameIndices[f];
            var scale = 1.1f + 0.15f * t;
            var angle = 0.2f * t;
            float[] frame = [scale * MathF.Cos(angle), -scale * MathF.Sin(angle), 0.1f * t, scale * MathF.Sin(angle), scale * MathF.Cos(angle), -0.05f * t];
            frame.CopyTo(theta, f * 6);
        }
        return new Dictionary<string, ModelTensor>
        {
            ["product"] = ModelTensor.Float32(product, 1, 4, ProductHeight, ProductWidth),
            ["mask"] = ModelTensor.Float32(mask, 1, 1, ProductHeight, ProductWidth),
            ["theta"] = ModelTensor.Float32(theta, n, 2, 3),
            ["palette"] = ModelTensor.Float32(Assertions.Values(n * 9, seed: 5), n, 3, 3),
            ["seed"] = ModelTensor.Float32([.. frameIndices.Select(_ => MotionGeneratorModel.SeedPhase(42))], n),
            ["frame_index"] = ModelTensor.Float32(frameIndices, n),
            ["frame_size"] = ModelTensor.Int64([Height, Width], 2),
        };
    }

    private static (float[] Frames, float[] Coverage) ExpectedMotion(Dictionary<string, ModelTensor> request) =>
        ReferenceMath.Motion(
            request["product"].Float32Data, request["mask"].Float32Data, ProductHeight, ProductWidth,
            request["theta"].Float32Data, request["palette"].Float32Data, request["seed"].Float32Data,
            request["frame_index"].Float32Data, Height, Width);
}
