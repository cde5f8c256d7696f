namespace VideoGen.Media.Tests;

public class MaskTests
{
    [Fact]
    public void FromPlainBackdrop_DiscOnGrey_MatchesTrueMask()
    {
        ProductImage disc = Synthetic.Disc(24);

        ProductMask mask = MaskExtractor.FromPlainBackdrop(disc.Rgb, 24, 24);

        Assert.True(ProductMask.IntersectionOverUnion(mask, disc.Mask) > 0.98);
    }

    [Fact]
    public void FromPlainBackdrop_BusyBorder_ThrowsClearly()
    {
        byte[] busy = Synthetic.Frame(0);

        var e = Assert.Throws<InvalidOperationException>(() => MaskExtractor.FromPlainBackdrop(busy, Synthetic.Width, Synthetic.Height));
        Assert.Contains("not a plain backdrop", e.Message);
    }

    [Fact]
    public async Task LoadAsync_PngWithAlpha_UsesAlphaChannel()
    {
        ProductImage disc = Synthetic.Disc(20);
        string path = Synthetic.TempPath(".png");
        try
        {
            Synthetic.WriteImage(ToRgba(disc, useMask: true), 20, 20, path);

            ProductImage loaded = await ProductImageLoader.LoadAsync(path);

            Assert.True(loaded.MaskFromAlpha);
            Assert.Equal(disc.Mask.Alpha, loaded.Mask.Alpha);
            Assert.Equal(disc.Rgb, loaded.Rgb);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task LoadAsync_OpaqueJpegOnPlainBackdrop_SegmentsBackdrop()
    {
        ProductImage disc = Synthetic.Disc(32);
        string path = Synthetic.TempPath(".jpg");
        try
        {
            Synthetic.WriteImage(ToRgba(disc, useMask: false), 32, 32, path);

            ProductImage loaded = await ProductImageLoader.LoadAsync(path);

            Assert.False(loaded.MaskFromAlpha);
            Assert.True(ProductMask.IntersectionOverUnion(loaded.Mask, disc.Mask) > 0.9);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task LoadAsync_NotAnImage_ThrowsMediaProcessing()
    {
        string path = Synthetic.TempPath(".png");
        try
        {
            await File.WriteAllTextAsync(path, "not an image");

            await Assert.ThrowsAsync<MediaProcessingException>(() => ProductImageLoader.LoadAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Resize_Disc_KeepsMaskAndPixelsAligned()
    {
        ProductImage resized = Synthetic.Disc(16).Resize(32, 32);

        Assert.Equal(32 * 32, resized.Mask.Alpha.Length);
        Assert.True(ProductMask.IntersectionOverUnion(resized.Mask, Synthetic.Disc(32).Mask) > 0.85);
    }

    private static byte[] ToRgba(ProductImage image, bool useMask)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        for (int p = 0; p < image.Width * image.Height; p++)
        {
            rgba[p * 4] = image.Rgb[p * 3];
            rgba[(p * 4) + 1] = image.Rgb[(p * 3) + 1];
            rgba[(p * 4) + 2] = image.Rgb[(p * 3) + 2];
            rgba[(p * 4) + 3] = useMask ? image.Mask.Alpha[p] : (byte)255;
        }

        return rgba;
    }
}
