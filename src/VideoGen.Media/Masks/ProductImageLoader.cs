using FFMpegCore;

namespace VideoGen.Media;

/// <summary>Loads a product photo (PNG, JPEG, WebP… anything ffmpeg decodes) and derives its mask.</summary>
public static class ProductImageLoader
{
    /// <summary>
    /// Decodes the photo to RGBA through an ffmpeg pipe. If any pixel is not fully opaque, the alpha channel is the mask;
    /// otherwise the product is segmented from a plain backdrop (<see cref="MaskExtractor.FromPlainBackdrop"/>).
    /// </summary>
    /// <exception cref="MediaProcessingException">ffmpeg cannot read the file.</exception>
    /// <exception cref="InvalidOperationException">No transparency and no plain backdrop.</exception>
    public static async Task<ProductImage> LoadAsync(
        string path, BackdropSegmentationOptions? segmentation = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MediaProcessingException($"ffprobe cannot read product photo {Path.GetFileName(path)}: {e.Message}", e);
        }

        VideoStream stream = analysis.PrimaryVideoStream
            ?? throw new MediaProcessingException($"Product photo {Path.GetFileName(path)} has no image stream.");
        int width = stream.Width ?? 0, height = stream.Height ?? 0;
        if (width <= 0 || height <= 0)
        {
            throw new MediaProcessingException($"Product photo {Path.GetFileName(path)} has no usable size.");
        }

        byte[] raw = await FfmpegPipes.DecodeRawAsync(path, "rgba", cancellationToken).ConfigureAwait(false);
        int size = width * height * 4;
        if (raw.Length < size)
        {
            throw new MediaProcessingException($"Product photo {Path.GetFileName(path)} decoded to {raw.Length} bytes; expected {size}.");
        }

        byte[] rgba = raw.AsSpan(0, size).ToArray();
        var rgb = new byte[width * height * 3];
        bool translucent = false;
        for (int p = 0; p < width * height; p++)
        {
            rgb[p * 3] = rgba[p * 4];
            rgb[(p * 3) + 1] = rgba[(p * 4) + 1];
            rgb[(p * 3) + 2] = rgba[(p * 4) + 2];
            translucent |= rgba[(p * 4) + 3] != 255;
        }

        ProductMask mask = translucent
            ? MaskExtractor.FromAlpha(rgba, width, height)
            : MaskExtractor.FromPlainBackdrop(rgb, width, height, segmentation);
        return new ProductImage(width, height, rgb, mask, translucent);
    }
}
