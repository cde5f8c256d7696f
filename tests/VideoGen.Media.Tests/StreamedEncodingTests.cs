namespace VideoGen.Media.Tests;

/// <summary>Encoding a <see cref="FrameStream"/>, and the encoder's own ffmpeg process and pre-started ffprobe.</summary>
public sealed class StreamedEncodingTests : IDisposable
{
    private readonly TempFiles _temp = new();

    [Fact]
    public async Task EncodeAsync_Streamed_SameFactsAndDecodedFramesAsBuffered()
    {
        FrameChunk[] chunks = [new(0, 0, Synthetic.Clip(20)), new(1, 4, Synthetic.Clip(20, start: 16, shift: 30))];
        ProductImage product = Synthetic.Disc(16);
        var at = new ProductPlacement(20, 10);
        string buffered = Track(".mp4"), streamed = Track(".mp4");

        MediaFacts bufferedFacts = await VideoEncoder.EncodeAsync(
            ProductCompositor.Composite(SeamBlender.Blend(chunks).Frames, product, at), buffered, EncodeTier.Preview);
        MediaFacts streamedFacts = await VideoEncoder.EncodeAsync(
            ProductCompositor.Composite(SeamBlender.BlendStream(chunks).Frames, product, at), streamed, EncodeTier.Preview);

        Assert.Equal(bufferedFacts with { Path = streamed }, streamedFacts);
        Assert.Equal(await MediaVerifier.ProbeAsync(streamed), streamedFacts);
        FrameSequence a = await VideoDecoder.DecodeAsync(buffered), b = await VideoDecoder.DecodeAsync(streamed);
        Assert.Equal(36, b.Count);
        Assert.Equal(a.Frames, b.Frames);
    }

    [Fact]
    public async Task EncodeAsync_StreamShorterThanAnnounced_Throws()
    {
        FrameSequence clip = Synthetic.Clip(10);
        var stream = new FrameStream(clip.Width, clip.Height, clip.Fps, 12, clip.AsStream().Frames);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => VideoEncoder.EncodeAsync(stream, Track(".mp4"), EncodeTier.Preview));
        Assert.Contains("yielded 10 frames; it announced 12", e.Message);
    }

    [Fact]
    public async Task EncodeAsync_StreamFrameOfWrongSize_Throws()
    {
        var stream = new FrameStream(Synthetic.Width, Synthetic.Height, 24, 2, [Synthetic.Frame(0), new byte[10]]);

        await Assert.ThrowsAsync<ArgumentException>(() => VideoEncoder.EncodeAsync(stream, Track(".mp4"), EncodeTier.Preview));
    }

    [Fact]
    public async Task EncodeAsync_FfmpegCannotWriteOutput_ThrowsMediaProcessingWithItsError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"videogen-missing-{Guid.NewGuid():N}", "out.mp4");

        var e = await Assert.ThrowsAsync<MediaProcessingException>(
            () => VideoEncoder.EncodeAsync(Synthetic.Clip(200), path, EncodeTier.Preview));
        Assert.Contains("exit code 1", e.Message);
        Assert.Contains("No such file or directory", e.Message);
    }

    [Fact]
    public async Task Verify_ProbedFactsAgainstWrongExpectation_ListsProblemsWithoutProbingAgain()
    {
        string path = Track(".mp4");
        MediaFacts facts = await VideoEncoder.EncodeAsync(Synthetic.Clip(24), path, EncodeTier.Preview);

        var e = Assert.Throws<MediaVerificationException>(() => MediaVerifier.Verify(
            facts, new MediaExpectation { Codec = "h264", Width = 32, Height = 24, Fps = 24, Duration = TimeSpan.FromSeconds(2) }));
        Assert.Equal([$"duration is 1 s, expected 2 s ± 0.042 s"], e.Problems);
        Assert.Equal(facts, MediaVerifier.Verify(facts, new MediaExpectation { Codec = "h264", Width = 32, Height = 24, Fps = 24 }));
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".jpg")]
    public async Task WriteAsync_Thumbnail_FactsFromPrestartedProbeEqualProbingThePath(string extension)
    {
        string path = Track(extension);

        MediaFacts facts = await ThumbnailWriter.WriteAsync(Synthetic.Clip(4), 2, path, 32);

        Assert.Equal(await MediaVerifier.ProbeAsync(path), facts);
    }

    public void Dispose() => _temp.Dispose();

    private string Track(string extension) => _temp.Track(extension);
}
