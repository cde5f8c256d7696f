namespace VideoGen.Media.Tests;

public sealed class ClipAssemblerTests : IDisposable
{
    private readonly string _video = Synthetic.TempPath(".mp4");
    private readonly string _thumbnail = Synthetic.TempPath(".jpg");

    private static FrameChunk[] Chunks() =>
    [
        new(0, 0, Synthetic.Clip(16)),
        new(1, 4, Synthetic.Clip(16, start: 12, shift: 30)),
        new(2, 4, Synthetic.Clip(16, start: 24, shift: -20)),
    ];

    [Fact]
    public async Task AssembleAsync_PreviewWithProduct_VerifiedMp4ThumbnailAndGateableNumbers()
    {
        var options = new AssemblyOptions
        {
            Product = Synthetic.Disc(16),
            Placement = f => new ProductPlacement(8 + f, 16),
            Grade = new ColorCorrection { Contrast = 1.1 },
            Overlay = new VideoOverlay { Caption = "Try it" },
        };

        AssembledClip clip = await ClipAssembler.AssembleAsync(Chunks(), _video, _thumbnail, options);

        Assert.Equal(("h264", 32, 24), (clip.Video.Codec, clip.Video.Width, clip.Video.Height));
        Assert.Equal(40 / 24.0, clip.Video.Duration.TotalSeconds, 0.05);
        Assert.Equal(("mjpeg", 32, 24), (clip.Thumbnail.Codec, clip.Thumbnail.Width, clip.Thumbnail.Height));
        Assert.Equal(40, clip.Qa.FrameCount);
        Assert.Equal([16, 28], clip.Qa.Seams.Select(s => s.FrameIndex));
        Assert.True(clip.Qa.MaxSeamDiscontinuity < 2.5, $"seam {clip.Qa.MaxSeamDiscontinuity:F2}");
        Assert.Equal(0, clip.Qa.DuplicatedFrames);
        Assert.NotNull(clip.Fidelity);
        Assert.True(clip.Fidelity.MinMaskIoU > 0.97 && clip.Fidelity.MeanDeltaE < 0.5);
    }

    [Fact]
    public async Task AssembleAsync_FinalWithUpsample_DoublesSize()
    {
        AssembledClip clip = await ClipAssembler.AssembleAsync(
            Chunks(), _video, _thumbnail, new AssemblyOptions { Tier = EncodeTier.Final, Upsample = true });

        Assert.Equal((128, 96), (clip.Video.Width, clip.Video.Height));
        Assert.Equal((128, 96), (clip.Thumbnail.Width, clip.Thumbnail.Height));
        Assert.Null(clip.Fidelity);
    }

    public void Dispose()
    {
        File.Delete(_video);
        File.Delete(_thumbnail);
    }
}
