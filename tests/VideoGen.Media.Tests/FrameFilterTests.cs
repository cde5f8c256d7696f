namespace VideoGen.Media.Tests;

public class FrameFilterTests
{
    [Fact]
    public async Task UpsampleAsync_TwoTimes_DoublesSizeAndKeepsPicture()
    {
        FrameSequence source = Synthetic.Clip(6);

        FrameSequence up = await FrameFilters.UpsampleAsync(source);

        Assert.Equal((128, 96, 6), (up.Width, up.Height, up.Count));
        Assert.True(FrameQa.MeanAbsoluteDifference(SampleHalf(up.Frames[2]), source.Frames[2]) < 8);
    }

    [Fact]
    public async Task ApplyOverlayAsync_Caption_DarkensBoxAndDrawsBrightText()
    {
        FrameSequence source = new(64, 48, 24, [Synthetic.Solid(200, 200, 200), Synthetic.Solid(200, 200, 200)]);
        var overlay = new VideoOverlay { Caption = "NEW", CaptionBoxColor = "black", CaptionTextColor = "white" };

        FrameSequence result = await FrameFilters.ApplyOverlayAsync(source, overlay);

        byte[] f = result.Frames[0];
        int Pixel(int x, int y) => f[((y * 64) + x) * 3];
        Assert.InRange(Pixel(32, 10), 197, 203);
        Assert.True(Pixel(1, 46) < 20, "caption box is dark at its corner");
        int bright = 0;
        for (int y = 39; y < 48; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                bright += Pixel(x, y) > 150 ? 1 : 0;
            }
        }

        Assert.True(bright > 5, $"{bright} text pixels");
    }

    [Fact]
    public async Task ApplyOverlayAsync_UnsafeColour_Throws()
    {
        var overlay = new VideoOverlay { BrandBarColor = "red:t=1,drawtext" };

        await Assert.ThrowsAsync<ArgumentException>(() => FrameFilters.ApplyOverlayAsync(Synthetic.Clip(1), overlay));
    }

    [Fact]
    public async Task ApplyOverlayAsync_NothingToDraw_ReturnsFramesUnchanged()
    {
        FrameSequence source = Synthetic.Clip(2);

        Assert.Same(source, await FrameFilters.ApplyOverlayAsync(source, new VideoOverlay()));
    }

    private static byte[] SampleHalf(byte[] frame)
    {
        var half = new byte[64 * 48 * 3];
        for (int y = 0; y < 48; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                Array.Copy(frame, (((2 * y) * 128) + (2 * x)) * 3, half, ((y * 64) + x) * 3, 3);
            }
        }

        return half;
    }
}
