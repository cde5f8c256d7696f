using Xunit.Abstractions;

namespace VideoGen.Media.Tests;

public class SeamBlenderTests(ITestOutputHelper output)
{
    private const int Overlap = 6;

    // Chunk 1 shows frames 0..23; chunk 2 shows frames 18..41 of the same motion but with a colour shift, as two
    // independent generations of neighbouring windows do.
    private static FrameChunk[] ShiftedChunks() =>
    [
        new(0, 0, Synthetic.Clip(24)),
        new(1, Overlap, Synthetic.Clip(24, start: 24 - Overlap, shift: 70)),
    ];

    [Fact]
    public void Blend_ShiftedChunks_SeamDiscontinuityClearlyBelowNaiveCut()
    {
        BlendedClip blended = SeamBlender.Blend(ShiftedChunks());
        BlendedClip cut = SeamBlender.Cut(ShiftedChunks());
        var options = new FrameQaOptions { SeamWindow = Overlap };

        double blendedScore = FrameQa.Analyze(blended.Frames, blended.SeamFrameIndices, options).MaxSeamDiscontinuity;
        double cutScore = FrameQa.Analyze(cut.Frames, cut.SeamFrameIndices, options).MaxSeamDiscontinuity;

        output.WriteLine($"seam discontinuity: crossfade {blendedScore:F2}, naive cut {cutScore:F2}");
        Assert.Equal(42, blended.Frames.Count);
        Assert.Equal(42, cut.Frames.Count);
        Assert.Equal([24], blended.SeamFrameIndices);
        Assert.True(cutScore > 5, $"cut {cutScore:F2} blended {blendedScore:F2}");
        Assert.True(blendedScore < cutScore / 2.5, $"blended {blendedScore:F2} vs cut {cutScore:F2}");
    }

    [Fact]
    public void Blend_AgreeingChunks_ReproducesTheContinuousClip()
    {
        FrameChunk[] chunks =
        [
            new(0, 0, Synthetic.Clip(20)),
            new(1, 4, Synthetic.Clip(20, start: 16)),
            new(2, 4, Synthetic.Clip(20, start: 32)),
        ];

        BlendedClip blended = SeamBlender.Blend(chunks);

        Assert.Equal(Synthetic.Clip(52).Frames, blended.Frames.Frames);
        Assert.Equal([20, 36], blended.SeamFrameIndices);
    }

    [Fact]
    public void Blend_OverlapWeights_RampFromPreviousToNext()
    {
        var black = new FrameSequence(2, 2, 24, Enumerable.Range(0, 4).Select(_ => new byte[12]).ToArray());
        var white = black.WithFrames(Enumerable.Range(0, 4).Select(_ => Enumerable.Repeat((byte)255, 12).ToArray()).ToArray());

        BlendedClip blended = SeamBlender.Blend([new FrameChunk(1, 3, white), new FrameChunk(0, 0, black)]);

        Assert.Equal(new byte[] { 0, 64, 128, 191, 255 }, blended.Frames.Frames.Select(f => f[0]).ToArray());
    }

    [Fact]
    public void Blend_OverlapLongerThanWhatPrecedes_Throws()
    {
        FrameChunk[] chunks = [new(0, 0, Synthetic.Clip(3)), new(1, 5, Synthetic.Clip(8))];

        var e = Assert.Throws<ArgumentException>(() => SeamBlender.Blend(chunks));
        Assert.Contains("overlaps 5 frames", e.Message);
    }

    [Fact]
    public void Blend_MismatchedSizes_Throws()
    {
        var small = new FrameSequence(2, 2, 24, [new byte[12]]);

        Assert.Throws<ArgumentException>(() => SeamBlender.Blend([new FrameChunk(0, 0, Synthetic.Clip(2)), new FrameChunk(1, 0, small)]));
    }
}
