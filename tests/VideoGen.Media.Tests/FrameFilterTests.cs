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
    public async Task ApplyOverlayAsync_Watermark_DrawsTextAtTheTopRightOnly_WithoutTextExpansion()
    {
        FrameSequence source = new(320, 180, 24, [Synthetic.Solid(40, 40, 40, 320, 180)]);
        var overlay = new VideoOverlay { Watermark = "%{pts} CONTOSO", WatermarkTextColor = "white", WatermarkFraction = 0.08 };

        FrameSequence result = await FrameFilters.ApplyOverlayAsync(source, overlay);

        byte[] f = result.Frames[0];
        int Bright(int x0, int x1, int y0, int y1)
        {
            int n = 0;
            for (int y = y0; y < y1; y++)
            {
                for (int x = x0; x < x1; x++)
                {
                    n += f[((y * 320) + x) * 3] > 150 ? 1 : 0;
                }
            }

            return n;
        }

        Assert.True(Bright(160, 320, 0, 20) > 20, "watermark text at the top right");
        Assert.Equal(0, Bright(0, 100, 0, 180)); // nothing on the left
        Assert.Equal(0, Bright(0, 320, 40, 180)); // nothing below the top band
        string described = overlay.Describe();
        Assert.Contains("drawtext=textfile=<watermark text>", described);
        Assert.Contains("expansion=none", described); // "%{pts}" is drawn as written, not expanded
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
