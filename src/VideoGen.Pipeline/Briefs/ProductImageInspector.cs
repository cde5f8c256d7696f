using System.Buffers.Binary;

namespace VideoGen.Pipeline.Briefs;

/// <summary>
/// Reads a product photo's format and size from its header (PNG <c>IHDR</c>, JPEG <c>SOFn</c>) without decoding it,
/// so an oversized or hostile upload is refused before any decoder sees it. It does not prove the pixel data is
/// intact; the decoder that loads the image later does.
/// </summary>
public static class ProductImageInspector
{
    private const string Pointer = "/productImage";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Inspects the bytes of a product photo and enforces the image limits of <see cref="BriefLimits"/>.</summary>
    /// <exception cref="BriefValidationException">
    /// Pointer <c>/productImage</c>; rule <c>imageMaxBytes</c>, <c>imageFormat</c>, <c>imageTruncated</c>,
    /// <c>imageHeader</c>, <c>imageMaxPixels</c> or <c>imageMinPixels</c>.
    /// </exception>
    public static ProductImageInfo Inspect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > BriefLimits.MaxImageBytes)
        {
            throw BriefValidationException.Single(
                Pointer, "imageMaxBytes", $"The product image is {bytes.Length} bytes; the limit is {BriefLimits.MaxImageBytes}.", $"{BriefLimits.MaxImageBytes} bytes");
        }

        ProductImageInfo info = bytes.StartsWith(PngSignature) ? ReadPng(bytes)
            : bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? ReadJpeg(bytes)
            : throw BriefValidationException.Single(
                Pointer, "imageFormat", "The product image is neither PNG nor JPEG (unrecognised signature).", string.Join(", ", BriefLimits.ImageFormats));
        CheckSize(info);
        return info;
    }

    private static ProductImageInfo ReadPng(ReadOnlySpan<byte> bytes)
    {
        // Signature (8), then IHDR: length (4) = 13, type (4), width (4), height (4), depth, colour type, compression, filter, interlace, CRC (4).
        if (bytes.Length < 33)
        {
            throw Truncated("PNG", 33, bytes.Length);
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]) != 13 || !bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw Header("PNG does not start with a 13-byte IHDR chunk.");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]);
        byte depth = bytes[24], colorType = bytes[25];
        bool validDepth = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!validDepth)
        {
            throw Header($"PNG colour type {colorType} with bit depth {depth} is not valid.");
        }

        bool alpha = colorType is 4 or 6 || HasTransparencyChunk(bytes[33..]);
        return new ProductImageInfo("png", Clamp(width), Clamp(height), alpha);
    }

    private static bool HasTransparencyChunk(ReadOnlySpan<byte> chunks)
    {
        // tRNS must come before the first IDAT; stop there (or at anything that does not look like a chunk).
        while (chunks.Length >= 12)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(chunks);
            ReadOnlySpan<byte> type = chunks.Slice(4, 4);
            if (type.SequenceEqual("tRNS"u8))
            {
                return true;
            }

            if (type.SequenceEqual("IDAT"u8) || length > (uint)(chunks.Length - 12))
            {
                return false;
            }

            chunks = chunks[(12 + (int)length)..];
        }

        return false;
    }

    private static ProductImageInfo ReadJpeg(ReadOnlySpan<byte> bytes)
    {
        int i = 2;
        while (true)
        {
            // Markers are 0xFF, optional 0xFF fill bytes, then the marker code.
            if (i >= bytes.Length)
            {
                throw Truncated("JPEG", i + 1, bytes.Length, "before its frame header (SOFn)");
            }

            if (bytes[i] != 0xFF)
            {
                throw Header($"JPEG has no marker at byte {i} (found 0x{bytes[i]:X2}).");
            }

            while (i < bytes.Length && bytes[i] == 0xFF)
            {
                i++;
            }

            if (i >= bytes.Length)
            {
                throw Truncated("JPEG", i + 1, bytes.Length, "before its frame header (SOFn)");
            }

            byte marker = bytes[i++];
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // TEM and RSTn carry no length.
            }

            if (marker is 0xD9 or 0xDA)
            {
                throw Header($"JPEG reaches {(marker == 0xD9 ? "its end (EOI)" : "its scan data (SOS)")} without a frame header (SOFn).");
            }

            if (i + 2 > bytes.Length)
            {
                throw Truncated("JPEG", i + 2, bytes.Length, "in a segment length");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes[i..]);
            if (length < 2)
            {
                throw Header($"JPEG segment 0xFF{marker:X2} at byte {i - 2} has an invalid length {length}.");
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                // SOFn: length (2), precision (1), height (2), width (2), components (1).
                if (length < 8)
                {
                    throw Header($"JPEG frame header (0xFF{marker:X2}) is {length} bytes long; it needs at least 8.");
                }

                if (i + 8 > bytes.Length)
                {
                    throw Truncated("JPEG", i + 8, bytes.Length, "in its frame header (SOFn)");
                }

                int height = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 3)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]);
                if (height == 0)
                {
                    throw Header("JPEG defines its height later in the stream (DNL marker), which is not supported.");
                }

                return new ProductImageInfo("jpeg", width, height, HasAlpha: false);
            }

            i += length;
        }
    }

    private static void CheckSize(ProductImageInfo info)
    {
        int max = BriefLimits.MaxImageDimension, min = BriefLimits.MinImageDimension;
        if (info.Width > max || info.Height > max)
        {
            throw BriefValidationException.Single(
                Pointer, "imageMaxPixels", $"The product image is {Size(info)} pixels; the limit is {max}×{max}.", $"{max}×{max} pixels");
        }

        if (info.Width < min || info.Height < min)
        {
            throw BriefValidationException.Single(
                Pointer, "imageMinPixels", $"The product image is {Size(info)} pixels; the minimum is {min}×{min}.", $"{min}×{min} pixels");
        }
    }

    private static string Size(ProductImageInfo info) => $"{info.Width}×{info.Height}";

    private static int Clamp(uint value) => value > int.MaxValue ? int.MaxValue : (int)value;

    private static BriefValidationException Truncated(string format, int needed, int actual, string where = "in its header")
        => BriefValidationException.Single(
            Pointer, "imageTruncated", $"The {format} product image is truncated {where}: {actual} bytes, at least {needed} needed.", null);

    private static BriefValidationException Header(string message)
        => BriefValidationException.Single(Pointer, "imageHeader", message, null);
}
