namespace VideoGen.Media.Tests;

public class ColorCorrectionTests
{
    [Fact]
    public void Apply_Identity_ChangesNothing()
    {
        FrameSequence clip = Synthetic.Clip(3);

        Assert.Equal(clip.Frames, new ColorCorrection().Apply(clip).Frames);
    }

    [Fact]
    public void Apply_ZeroSaturation_GivesGrey()
    {
        FrameSequence grey = new ColorCorrection { Saturation = 0 }.Apply(Synthetic.Clip(1));

        byte[] f = grey.Frames[0];
        for (int i = 0; i < f.Length; i += 3)
        {
            Assert.True(Math.Abs(f[i] - f[i + 1]) <= 1 && Math.Abs(f[i + 1] - f[i + 2]) <= 1);
        }
    }

    [Fact]
    public void MatchMean_ColourCast_MovesMeanOntoTarget()
    {
        FrameSequence cast = new(8, 8, 24, [Synthetic.Solid(100, 120, 160, 8, 8)]);

        FrameSequence corrected = ColorCorrection.MatchMean(cast, (128, 128, 128)).Apply(cast);

        Assert.Equal(new byte[] { 128, 128, 128 }, corrected.Frames[0][..3]);
    }

    [Fact]
    public void Apply_LiftAndContrast_ClampToValidLevels()
    {
        FrameSequence result = new ColorCorrection { Lift = 40, Contrast = 2 }.Apply(new FrameSequence(1, 1, 24, [new byte[] { 0, 128, 250 }]));

        Assert.Equal(new byte[] { 0, 208, 255 }, result.Frames[0]);
    }
}
