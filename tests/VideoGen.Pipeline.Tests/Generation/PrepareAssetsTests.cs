using Azure.Storage.Blobs;
using VideoGen.Media;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Tests.Generation;

/// <summary>PrepareAssets on real Azurite and ffmpeg: sample PNGs with alpha, a plain-backdrop JPEG, a busy photo.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PrepareAssetsTests(AzuriteFixture azurite)
{
    private readonly BlobServiceClient _blobs = new(azurite.ConnectionString);

    [Theory]
    [InlineData("launch-16x9")]
    [InlineData("social-9x16")]
    public async Task SamplePng_MaskFromAlpha_RawBlobsInWorkerFormats(string sample)
    {
        var (uploads, work) = (Unique.HubName("up").ToLowerInvariant(), Unique.HubName("work").ToLowerInvariant());
        var brief = GenerationTestData.Brief(sample);
        byte[] png = GenerationTestData.SamplePng(sample);
        ValidatedBrief validated = await GenerationTestData.UploadAsync(_blobs, uploads, brief, png);
        var run = GenerationTestData.Run(uploads, brief);
        var activity = GenerationTestData.Prepare(_blobs, GenerationTestData.Options(work));

        PreparedAssets assets = await activity.PrepareAsync(new PrepareInput(run, validated), GenerationTestData.InstanceId(run), CancellationToken.None);

        string hash = GenerationLayout.RunHash(GenerationTestData.InstanceId(run));
        Assert.Equal((work, $"contoso/{sample}/{hash}"), (assets.Container, assets.WorkPrefix));
        Assert.Equal((512, 512, true), (assets.ProductWidth, assets.ProductHeight, assets.MaskFromAlpha));
        Assert.Equal(RenderSizing.For(brief.AspectRatio), assets.Sizes);
        BlobContainerClient container = _blobs.GetBlobContainerClient(work);
        byte[] rgba = (await container.GetBlobClient(assets.ProductRgbaBlob).DownloadContentAsync()).Value.Content.ToArray();
        byte[] mask = (await container.GetBlobClient(assets.ProductMaskBlob).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal((512 * 512 * 4, 512 * 512), (rgba.Length, mask.Length));
        Assert.True(Enumerable.Range(0, 512 * 512).All(p => rgba[(p * 4) + 3] == 255), "alpha is 255: the coverage lives in the mask");

        // The mask is the photo's alpha (no resize at 512×512), so the product covers some but not all of the photo.
        string file = Path.Combine(Path.GetTempPath(), $"{Unique.HubName("png")}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            ProductImage source = await ProductImageLoader.LoadAsync(file);
            Assert.Equal(source.Mask.Alpha, mask);
            Assert.InRange(source.Mask.Coverage, 0.05, 0.95);
        }
        finally
        {
            File.Delete(file);
        }

        MediaFacts thumb = await ProbeBlobAsync(container, assets.SourceThumbnailBlob, ".jpg");
        Assert.Equal(("mjpeg", 256, 256), (thumb.Codec, thumb.Width, thumb.Height));

        // A retry writes the same names with the same bytes.
        PreparedAssets again = await activity.PrepareAsync(new PrepareInput(run, validated), GenerationTestData.InstanceId(run), CancellationToken.None);
        Assert.Equal(assets, again);
        Assert.Equal(mask, (await container.GetBlobClient(again.ProductMaskBlob).DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task PlainBackdropJpeg_Larger_IsFittedTo512AndSegmented()
    {
        var (uploads, work) = (Unique.HubName("up").ToLowerInvariant(), Unique.HubName("work").ToLowerInvariant());
        var brief = GenerationTestData.Brief("studio-shot", productImage: "product.jpg");
        // 800×600 light-grey backdrop with a dark red box in the middle (x 250–550, y 150–450).
        byte[] jpeg = await JpegAsync(800, 600, (x, y) => x is >= 250 and < 550 && y is >= 150 and < 450 ? ((byte)150, (byte)20, (byte)30) : ((byte)230, (byte)232, (byte)235));
        ValidatedBrief validated = await GenerationTestData.UploadAsync(_blobs, uploads, brief, jpeg);
        var run = GenerationTestData.Run(uploads, brief);

        PreparedAssets assets = await GenerationTestData.Prepare(_blobs, GenerationTestData.Options(work))
            .PrepareAsync(new PrepareInput(run, validated), GenerationTestData.InstanceId(run), CancellationToken.None);

        Assert.Equal((512, 384, false), (assets.ProductWidth, assets.ProductHeight, assets.MaskFromAlpha));
        byte[] mask = (await _blobs.GetBlobContainerClient(work).GetBlobClient(assets.ProductMaskBlob).DownloadContentAsync()).Value.Content.ToArray();
        var expected = new byte[512 * 384];
        for (int y = 0; y < 384; y++)
        {
            for (int x = 0; x < 512; x++)
            {
                expected[(y * 512) + x] = x is >= 160 and < 352 && y is >= 96 and < 288 ? (byte)255 : (byte)0;
            }
        }

        double iou = ProductMask.IntersectionOverUnion(new ProductMask(512, 384, mask), new ProductMask(512, 384, expected));
        Assert.True(iou > 0.95, $"mask IoU {iou}");
    }

    [Fact]
    public async Task BusyOpaquePhoto_FailsTheRunAsUnusable()
    {
        var (uploads, work) = (Unique.HubName("up").ToLowerInvariant(), Unique.HubName("work").ToLowerInvariant());
        var brief = GenerationTestData.Brief("busy-shot", productImage: "product.jpg");
        byte[] jpeg = await JpegAsync(128, 96, (x, y) => ((byte)((x * 37) ^ (y * 91)), (byte)(x * y), (byte)((x + y) * 13)));
        ValidatedBrief validated = await GenerationTestData.UploadAsync(_blobs, uploads, brief, jpeg);
        var run = GenerationTestData.Run(uploads, brief);

        var e = await Assert.ThrowsAsync<RunFailedException>(() => GenerationTestData.Prepare(_blobs, GenerationTestData.Options(work))
            .PrepareAsync(new PrepareInput(run, validated), GenerationTestData.InstanceId(run), CancellationToken.None));
        Assert.Equal("product.unusable", e.Code);
        Assert.Contains("plain backdrop", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhotoReplacedAfterValidation_FailsTheRunAsChanged()
    {
        var (uploads, work) = (Unique.HubName("up").ToLowerInvariant(), Unique.HubName("work").ToLowerInvariant());
        var brief = GenerationTestData.Brief("replaced");
        ValidatedBrief validated = await GenerationTestData.UploadAsync(_blobs, uploads, brief, GenerationTestData.SamplePng("launch-16x9"));
        await _blobs.GetBlobContainerClient(uploads).GetBlobClient(validated.ImagePath).UploadAsync(BinaryData.FromBytes(GenerationTestData.SamplePng("social-9x16")), overwrite: true);
        var run = GenerationTestData.Run(uploads, brief);

        var e = await Assert.ThrowsAsync<RunFailedException>(() => GenerationTestData.Prepare(_blobs, GenerationTestData.Options(work))
            .PrepareAsync(new PrepareInput(run, validated), GenerationTestData.InstanceId(run), CancellationToken.None));
        Assert.Equal("product.changed", e.Code);
        Assert.False((await _blobs.GetBlobContainerClient(work).ExistsAsync()).Value, "nothing is written for a changed photo");
    }

    internal static async Task<MediaFacts> ProbeBlobAsync(BlobContainerClient container, string blob, string extension)
    {
        string file = Path.Combine(Path.GetTempPath(), $"{Unique.HubName("probe")}{extension}");
        try
        {
            await container.GetBlobClient(blob).DownloadToAsync(file);
            return await MediaVerifier.ProbeAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<byte[]> JpegAsync(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                (rgb[((y * width) + x) * 3], rgb[(((y * width) + x) * 3) + 1], rgb[(((y * width) + x) * 3) + 2]) = pixel(x, y);
            }
        }

        string file = Path.Combine(Path.GetTempPath(), $"{Unique.HubName("jpg")}.jpg");
        try
        {
            await ThumbnailWriter.WriteAsync(new FrameSequence(width, height, 1, [rgb]), 0, file);
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
