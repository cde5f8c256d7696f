using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask;
using VideoGen.Media;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// DESIGN §3 step 4. Reads the product photo (<see cref="ValidatedBrief.ImagePath"/> in the run's upload container),
/// decodes it with ffmpeg (<see cref="ProductImageLoader"/>), fits it within
/// <see cref="GenerationOptions.MaxProductSide"/>² at even dimensions, takes the mask from its alpha channel or, for an
/// opaque photo, segments it from a plain backdrop, and writes under the run's working prefix
/// (<see cref="GenerationLayout"/>): the photo as raw RGBA8 with alpha 255 (the coverage lives in the mask only, so
/// the motion model's <c>alpha · mask</c> equals the mask), the mask as raw 8-bit grey, and a JPEG thumbnail. Picks
/// the render sizes from the aspect ratio (<see cref="RenderSizing"/>). Blob names are deterministic: a retry overwrites.
/// A photo that cannot be decoded or separated fails the run with code <c>product.unusable</c>; one whose bytes are
/// not the validated ones (<see cref="ValidatedBrief.ImageSha256"/>) with <c>product.changed</c>.
/// </summary>
public sealed partial class PrepareAssets(BlobServiceClient blobs, IOptions<GenerationOptions> options, ILogger<PrepareAssets> logger)
    : TaskActivity<PrepareInput, PreparedAssets>
{
    private readonly GenerationOptions _options = options.Value;

    /// <inheritdoc />
    public override Task<PreparedAssets> RunAsync(TaskActivityContext context, PrepareInput input) =>
        PrepareAsync(input, context.InstanceId, CancellationToken.None);

    /// <summary>The activity's body for the run <paramref name="instanceId"/> (its last ':' segment names the working prefix).</summary>
    public async Task<PreparedAssets> PrepareAsync(PrepareInput input, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        string prefix = GenerationLayout.WorkPrefix(input.Run.Tenant, input.Run.BriefId, instanceId);
        byte[] photo = await BlobReads.ReadAsync(
            blobs.GetBlobContainerClient(input.Run.Container).GetBlobClient(input.Brief.ImagePath), BriefLimits.MaxImageBytes, "product.unusable", cancellationToken)
            .ConfigureAwait(false);
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo));
        if (!string.Equals(sha, input.Brief.ImageSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new RunFailedException("product.changed",
                $"The product photo '{input.Brief.ImagePath}' changed after validation (SHA-256 {sha}, validated {input.Brief.ImageSha256}); the new upload needs its own run.");
        }

        string dir = Directory.CreateTempSubdirectory("videogen-prepare-").FullName;
        try
        {
            string source = Path.Combine(dir, input.Brief.Image.Format == "png" ? "product.png" : "product.jpg");
            await File.WriteAllBytesAsync(source, photo, cancellationToken).ConfigureAwait(false);
            ProductImage product = Normalize(await LoadAsync(source, cancellationToken).ConfigureAwait(false), _options.MaxProductSide);
            string thumbnail = Path.Combine(dir, "thumbnail.jpg");
            await ThumbnailWriter.WriteAsync(
                new FrameSequence(product.Width, product.Height, 1, [product.Rgb]), 0, thumbnail, Math.Min(_options.ProductThumbnailWidth, product.Width), cancellationToken)
                .ConfigureAwait(false);

            BlobContainerClient work = blobs.GetBlobContainerClient(_options.WorkContainer);
            await work.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var assets = new PreparedAssets(
                _options.WorkContainer,
                prefix,
                GenerationLayout.ProductRgba(prefix),
                GenerationLayout.ProductMask(prefix),
                product.Width,
                product.Height,
                product.MaskFromAlpha,
                GenerationLayout.ProductThumbnail(prefix),
                RenderSizing.For(input.Brief.Brief.AspectRatio));
            await BlobReads.UploadAsync(work, assets.ProductRgbaBlob, BinaryData.FromBytes(ToRgba(product)), "application/octet-stream", cancellationToken).ConfigureAwait(false);
            await BlobReads.UploadAsync(work, assets.ProductMaskBlob, BinaryData.FromBytes(product.Mask.Alpha), "application/octet-stream", cancellationToken).ConfigureAwait(false);
            await BlobReads.UploadFileAsync(work, assets.SourceThumbnailBlob, thumbnail, "image/jpeg", cancellationToken).ConfigureAwait(false);
            Log.Prepared(logger, prefix, product.Width, product.Height, product.MaskFromAlpha ? "alpha" : "backdrop", product.Mask.Coverage);
            return assets;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The photo resized (pixels and mask together) to fit within <paramref name="maxSide"/>² at even dimensions.</summary>
    public static ProductImage Normalize(ProductImage product, int maxSide)
    {
        ArgumentNullException.ThrowIfNull(product);
        (int w, int h) = RenderSizing.FitWithin(product.Width, product.Height, maxSide);
        return w == product.Width && h == product.Height ? product : product.Resize(w, h);
    }

    /// <summary>The raw RGBA8 bytes the GPU worker reads: the photo's colours, alpha 255.</summary>
    public static byte[] ToRgba(ProductImage product)
    {
        ArgumentNullException.ThrowIfNull(product);
        var rgba = new byte[product.Width * product.Height * 4];
        for (int p = 0; p < product.Width * product.Height; p++)
        {
            rgba[p * 4] = product.Rgb[p * 3];
            rgba[(p * 4) + 1] = product.Rgb[(p * 3) + 1];
            rgba[(p * 4) + 2] = product.Rgb[(p * 3) + 2];
            rgba[(p * 4) + 3] = 255;
        }

        return rgba;
    }

    private static async Task<ProductImage> LoadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await ProductImageLoader.LoadAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or MediaProcessingException)
        {
            throw new RunFailedException("product.unusable", e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Prepared {Prefix}: product {Width}x{Height}, mask from {MaskSource}, coverage {Coverage:P0}")]
        public static partial void Prepared(ILogger logger, string prefix, int width, int height, string maskSource, double coverage);
    }
}
