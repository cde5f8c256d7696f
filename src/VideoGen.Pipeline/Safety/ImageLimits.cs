using System.Buffers.Binary;

namespace VideoGen.Pipeline.Safety;

/// <summary>
/// The image limits of Content Safety image analysis (at most 4 MB; 50×50 to 7200×7200 pixels; JPEG or PNG here),
/// checked before anything is sent so the caller gets a clear error instead of a service 400.
/// </summary>
public static class ImageLimits
{
    /// <summary>Largest image accepted, 4 MB.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Smallest width or height, in pixels.</summary>
    public const int MinSide = 50;

    /// <summary>Largest width or height, in pixels.</summary>
    public const int MaxSide = 7200;

    /// <summary>Throws unless <paramref name="image"/> is a JPEG or PNG within the limits.</summary>
    /// <exception cref="ContentSafetyInputException">The image breaks a limit; the message says which.</exception>
    public static void Check(ReadOnlySpan<byte> image)
    {
        if (image.Length == 0)
        {
            throw new ContentSafetyInputException("The image is empty.");
        }

        if (image.Length > MaxBytes)
        {
            throw new ContentSafetyInputException($"The image is {image.Length} bytes; Content Safety accepts at most {MaxBytes} bytes.");
        }

        var (width, height) = ReadSize(image);
        if (width < MinSide || height < MinSide || width > MaxSide || height > MaxSide)
        {
            throw new ContentSafetyInputException(
                $"The image is {width}x{height} pixels; Content Safety accepts {MinSide}x{MinSide} to {MaxSide}x{MaxSide}.");
        }
    }

    /// <summary>Width and height from a PNG IHDR or a JPEG start-of-frame segment.</summary>
    /// <exception cref="ContentSafetyInputException">Neither PNG nor JPEG, or a truncated header.</exception>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> image)
    {
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (image.Length >= 24 && image[..8].SequenceEqual(png))
        {
            return ((int)BinaryPrimitives.ReadUInt32BigEndian(image[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(image[20..]));
        }

        if (image.Length >= 4 && image[0] == 0xFF && image[1] == 0xD8)
        {
            var i = 2;
            while (i + 4 <= image.Length)
            {
                if (image[i] != 0xFF)
                {
                    break;
                }

                var marker = image[i + 1];
                if (marker == 0xFF)
                {
                    i++; // fill byte
                    continue;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(image[(i + 2)..]);
                var isSof = marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
                if (isSof && i + 9 <= image.Length)
                {
                    return (BinaryPrimitives.ReadUInt16BigEndian(image[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(image[(i + 5)..]));
                }

                i += 2 + length;
            }

            throw new ContentSafetyInputException("The JPEG has no readable start-of-frame header.");
        }

        throw new ContentSafetyInputException("The image is neither JPEG nor PNG.");
    }
}
