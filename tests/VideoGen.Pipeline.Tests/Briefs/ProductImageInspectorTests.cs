using System.Diagnostics;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Tests.Briefs;

public sealed class ProductImageInspectorTests
{
    [Theory]
    [InlineData(6, false, true)]
    [InlineData(2, false, false)]
    [InlineData(2, true, true)]
    public void Inspect_Png_ReadsSizeAndAlpha(byte colorType, bool trns, bool alpha)
    {
        ProductImageInfo info = ProductImageInspector.Inspect(TestImages.Png(300, 200, colorType, trns));

        Assert.Equal(new ProductImageInfo("png", 300, 200, alpha), info);
    }

    [Theory]
    [InlineData(0xC0)]
    [InlineData(0xC1)]
    [InlineData(0xC2)]
    public void Inspect_Jpeg_ReadsSizeFromSofn(byte sof) =>
        Assert.Equal(new ProductImageInfo("jpeg", 640, 480, false), ProductImageInspector.Inspect(TestImages.Jpeg(640, 480, sof)));

    [Fact]
    public void Inspect_JpegWithFillBytesBeforeMarker_ReadsSize() =>
        Assert.Equal(1024, ProductImageInspector.Inspect(TestImages.Jpeg(1024, 768, fillBytes: 3)).Width);

    [Theory]
    [InlineData(64, 64, null)]
    [InlineData(4096, 4096, null)]
    [InlineData(63, 64, "imageMinPixels")]
    [InlineData(64, 63, "imageMinPixels")]
    [InlineData(4097, 100, "imageMaxPixels")]
    [InlineData(100, 4097, "imageMaxPixels")]
    public void Inspect_DimensionsAtAndPastLimits_AcceptedOnlyWithin(int width, int height, string? rule)
    {
        // Headers only: a 4096×4096 RGBA PNG body is 64 MiB, the JPEG stand-in is a few bytes.
        byte[] jpeg = TestImages.Jpeg(width, height);

        if (rule is null)
        {
            Assert.Equal((width, height), (ProductImageInspector.Inspect(jpeg).Width, ProductImageInspector.Inspect(jpeg).Height));
        }
        else
        {
            BriefValidationError error = Assert.Single(Assert.Throws<BriefValidationException>(() => ProductImageInspector.Inspect(jpeg)).Errors);
            Assert.Equal(("/productImage", rule), (error.Pointer, error.Rule));
        }
    }

    [Fact]
    public void Inspect_PngPastPixelLimit_FailsWithMaxPixels()
    {
        byte[] png = TestImages.Png(64, 64);
        png[16] = 0; png[17] = 0; png[18] = 0x10; png[19] = 0x01; // width 4097

        Assert.Equal("imageMaxPixels", Assert.Single(Assert.Throws<BriefValidationException>(() => ProductImageInspector.Inspect(png)).Errors).Rule);
    }

    [Fact]
    public void Inspect_ImageAtByteLimit_IsNotRejectedForSize()
    {
        byte[] jpeg = TestImages.Jpeg(100, 100);
        Array.Resize(ref jpeg, BriefLimits.MaxImageBytes);

        Assert.Equal("jpeg", ProductImageInspector.Inspect(jpeg).Format);
    }

    [Fact]
    public void Inspect_ImageOneBytePastLimit_FailsWithMaxBytes()
    {
        byte[] jpeg = TestImages.Jpeg(100, 100);
        Array.Resize(ref jpeg, BriefLimits.MaxImageBytes + 1);

        BriefValidationError error = Assert.Single(Assert.Throws<BriefValidationException>(() => ProductImageInspector.Inspect(jpeg)).Errors);

        Assert.Equal(("imageMaxBytes", "10485760 bytes"), (error.Rule, error.Limit));
    }

    public static TheoryData<string, byte[]> Garbage => new()
    {
        { "imageFormat", [] },
        { "imageFormat", "GIF89a\x01\x00\x01\x00"u8.ToArray() },
        { "imageFormat", "RIFF\0\0\0\0WEBPVP8 "u8.ToArray() },
        { "imageFormat", [0x89, 0x50, 0x4E, 0x47] },
        { "imageTruncated", TestImages.Png(100, 100)[..20] },
        { "imageTruncated", TestImages.Jpeg(100, 100)[..24] },
        { "imageTruncated", TestImages.Jpeg(100, 100)[..95] },
        { "imageHeader", [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0, 0, 0, 0, 0, 0] },
        { "imageHeader", [0xFF, 0xD8, 0xFF, 0xD9] },
        { "imageHeader", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02, 0x12, 0x34] },
        { "imageHeader", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01] },
        { "imageHeader", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x05, 8, 0, 64, 0, 64] },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Inspect_GarbageOrTruncated_FailsAtProductImage(string rule, byte[] bytes)
    {
        BriefValidationError error = Assert.Single(Assert.Throws<BriefValidationException>(() => ProductImageInspector.Inspect(bytes)).Errors);

        Assert.Equal(("/productImage", rule), (error.Pointer, error.Rule));
    }

    [Fact]
    public void Inspect_PngWithBadColourTypeDepth_FailsWithImageHeader()
    {
        byte[] png = TestImages.Png(100, 100);
        png[24] = 3; // bit depth 3 is not valid for RGBA

        Assert.Equal("imageHeader", Assert.Single(Assert.Throws<BriefValidationException>(() => ProductImageInspector.Inspect(png)).Errors).Rule);
    }

    [Fact]
    public void Inspect_RandomBytes_NeverThrowsAnythingButValidation()
    {
        var random = new Random(20261201);
        for (int i = 0; i < 2000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (i % 3 == 0 && bytes.Length > 3)
            {
                bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; // walk the JPEG marker parser over noise
            }

            try
            {
                ProductImageInspector.Inspect(bytes);
            }
            catch (BriefValidationException)
            {
            }
        }
    }

    [Theory]
    [InlineData("png", "rgba", "png")]
    [InlineData("jpg", "yuvj420p", "jpeg")]
    public void Inspect_FfmpegEncodedImage_MatchesFfmpegSize(string extension, string pixelFormat, string format)
    {
        if (!FfmpegAvailable())
        {
            return; // ffmpeg is optional for this single check.
        }

        string path = Path.Combine(Path.GetTempPath(), $"videogen-inspect-{Guid.NewGuid():N}.{extension}");
        try
        {
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string arg in new[] { "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1", "-pix_fmt", pixelFormat, "-y", path })
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, stderr);

            Assert.Equal(new ProductImageInfo(format, 320, 240, format == "png"), ProductImageInspector.Inspect(File.ReadAllBytes(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TestImagesPng_Encoded_DecodesWithFfmpeg()
    {
        if (!FfmpegAvailable())
        {
            return;
        }

        string path = Path.Combine(Path.GetTempPath(), $"videogen-png-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, TestImages.Png(80, 70));
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string arg in new[] { "-v", "error", "-i", path, "-f", "null", "-" })
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0 && stderr.Length == 0, stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool FfmpegAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "ffmpeg")));
}
