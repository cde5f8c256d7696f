namespace VideoGen.Media.Tests;

public sealed class EncodingTests : IDisposable
{
    private readonly TempFiles _temp = new();

    [Theory]
    [InlineData(EncodeTier.Preview, 32, 24)]
    [InlineData(EncodeTier.Final, 64, 48)]
    public async Task EncodeAsync_Tier_WritesH264VerifiedByProbe(EncodeTier tier, int width, int height)
    {
        string path = Track(".mp4");

        MediaFacts facts = await VideoEncoder.EncodeAsync(Synthetic.Clip(24), path, tier);

        Assert.Equal(("h264", width, height), (facts.Codec, facts.Width, facts.Height));
        Assert.Equal(24, facts.Fps, 2);
        Assert.Equal(1.0, facts.Duration.TotalSeconds, 0.05);
        MediaFacts probed = await MediaVerifier.ProbeAsync(path);
        Assert.Equal(facts, probed);
    }

    [Fact]
    public async Task EncodeAsync_Final_DecodesBackToSameFramesWithinCodecLoss()
    {
        string path = Track(".mp4");
        FrameSequence source = Synthetic.Clip(24);

        await VideoEncoder.EncodeAsync(source, path, EncodeTier.Final);
        FrameSequence decoded = await VideoDecoder.DecodeAsync(path);

        Assert.Equal(24, decoded.Count);
        for (int i = 0; i < 24; i++)
        {
            Assert.True(FrameQa.MeanAbsoluteDifference(source.Frames[i], decoded.Frames[i]) < 6, $"frame {i}");
        }

        FrameQaReport qa = FrameQa.Analyze(decoded, [], new FrameQaOptions { ExpectedFrameCount = 24 });
        Assert.Equal((0, 0), (qa.DuplicatedFrames, qa.MissingFrames));
    }

    [Fact]
    public async Task EncodeAsync_WithCaption_VerifiesAndBurnsItIn()
    {
        string path = Track(".mp4");
        var overlay = new VideoOverlay { Caption = "Spring sale: 20% off \"today\"", BrandBarColor = "0x2040ff" };

        MediaFacts facts = await VideoEncoder.EncodeAsync(Synthetic.Clip(24), path, EncodeTier.Preview, overlay);
        FrameSequence decoded = await VideoDecoder.DecodeAsync(path);

        Assert.Equal((32, 24), (facts.Width, facts.Height));
        byte[] topLeft = decoded.Frames[0][..3];
        Assert.True(topLeft[2] > 180 && topLeft[0] < 90, $"brand bar pixel {string.Join(',', topLeft)}");
    }

    [Fact]
    public async Task VerifyAsync_WrongExpectations_ThrowsListingEveryProblem()
    {
        string path = Track(".mp4");
        await VideoEncoder.EncodeAsync(Synthetic.Clip(24), path, EncodeTier.Preview);

        var e = await Assert.ThrowsAsync<MediaVerificationException>(() => MediaVerifier.VerifyAsync(path, new MediaExpectation
        {
            Codec = "hevc",
            Width = 64,
            Height = 48,
            Fps = 30,
            Duration = TimeSpan.FromSeconds(2),
        }));

        Assert.Equal(4, e.Problems.Count);
        Assert.Contains("codec is h264, expected hevc", e.Message);
        Assert.Contains("size is 32x24, expected 64x48", e.Message);
    }

    [Fact]
    public async Task VerifyAsync_MissingOrGarbageFile_Throws()
    {
        string garbage = Track(".mp4");
        await File.WriteAllTextAsync(garbage, "not a video");
        var expectation = new MediaExpectation { Codec = "h264", Width = 2, Height = 2 };

        await Assert.ThrowsAsync<MediaVerificationException>(() => MediaVerifier.VerifyAsync(Track(".mp4"), expectation));
        await Assert.ThrowsAsync<MediaVerificationException>(() => MediaVerifier.VerifyAsync(garbage, expectation));
    }

    [Fact]
    public async Task EncodeAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => VideoEncoder.EncodeAsync(Synthetic.Clip(24), Track(".mp4"), EncodeTier.Final, cancellationToken: cts.Token));
    }

    [Theory]
    [InlineData(".png", "png", null, 64, 48)]
    [InlineData(".jpg", "mjpeg", 32, 32, 24)]
    public async Task WriteAsync_Thumbnail_VerifiedImage(string extension, string codec, int? width, int expectedWidth, int expectedHeight)
    {
        string path = Track(extension);

        MediaFacts facts = await ThumbnailWriter.WriteAsync(Synthetic.Clip(24), 5, path, width);

        Assert.Equal((codec, expectedWidth, expectedHeight), (facts.Codec, facts.Width, facts.Height));
    }

    [Fact]
    public async Task WriteAsync_PngThumbnail_HoldsTheFramePixelsExactly()
    {
        string path = Track(".png");
        FrameSequence clip = Synthetic.Clip(8);

        await ThumbnailWriter.WriteAsync(clip, 3, path);
        FrameSequence decoded = await VideoDecoder.DecodeAsync(path);

        Assert.Equal(clip.Frames[3], decoded.Frames[0]);
    }

    [Fact]
    public async Task WriteAsync_UnknownExtension_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ThumbnailWriter.WriteAsync(Synthetic.Clip(2), 0, Track(".gif")));
    }

    public void Dispose() => _temp.Dispose();

    private string Track(string extension) => _temp.Track(extension);
}
