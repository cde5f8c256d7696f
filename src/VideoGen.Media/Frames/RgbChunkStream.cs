using System.Text;
using System.Text.Json;

namespace VideoGen.Media;

/// <summary>
/// Reads and writes a chunk as a raw RGB24 stream: one line of UTF-8 JSON (<see cref="RgbChunkHeader"/>) ending in
/// <c>\n</c>, then <c>FrameCount</c> frames of <c>Width * Height * 3</c> bytes each, nothing after.
/// </summary>
public static class RgbChunkStream
{
    /// <summary>Longest header line accepted, in bytes.</summary>
    public const int MaxHeaderBytes = 4096;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Writes <paramref name="chunk"/> to <paramref name="destination"/>.</summary>
    public static async Task WriteAsync(Stream destination, FrameChunk chunk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(chunk);
        FrameSequence s = chunk.Frames;
        var header = new RgbChunkHeader(RgbChunkHeader.Rgb24, s.Width, s.Height, s.Fps, s.Count, chunk.Index, chunk.OverlapFrames);
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header, JsonOptions) + "\n");
        await destination.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        foreach (byte[] frame in s.Frames)
        {
            await destination.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a chunk written by <see cref="WriteAsync"/>.</summary>
    /// <exception cref="InvalidDataException">The header is missing or invalid, or the stream ends early.</exception>
    public static async Task<FrameChunk> ReadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        RgbChunkHeader header = await ReadHeaderAsync(source, cancellationToken).ConfigureAwait(false);
        int frameSize = header.Width * header.Height * 3;
        var frames = new byte[header.FrameCount][];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = new byte[frameSize];
            try
            {
                await source.ReadExactlyAsync(frames[i], cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException(
                    $"RGB chunk stream ended in frame {i} of {header.FrameCount} ({frameSize} bytes each).", e);
            }
        }

        var sequence = new FrameSequence(header.Width, header.Height, header.Fps, frames);
        return new FrameChunk(header.ChunkIndex, header.OverlapFrames, sequence);
    }

    /// <summary>Writes a chunk to a file (conventionally <c>*.rgb</c>).</summary>
    public static async Task WriteFileAsync(string path, FrameChunk chunk, CancellationToken cancellationToken = default)
    {
        await using FileStream file = File.Create(path);
        await WriteAsync(file, chunk, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a chunk from a file written by <see cref="WriteFileAsync"/>.</summary>
    public static async Task<FrameChunk> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using FileStream file = File.OpenRead(path);
        return await ReadAsync(file, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<RgbChunkHeader> ReadHeaderAsync(Stream source, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(256);
        var one = new byte[1];
        while (true)
        {
            int read = await source.ReadAsync(one, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException("RGB chunk stream ended before its JSON header line was complete.");
            }

            if (one[0] == (byte)'\n')
            {
                break;
            }

            if (bytes.Count == MaxHeaderBytes)
            {
                throw new InvalidDataException($"RGB chunk header line is longer than {MaxHeaderBytes} bytes.");
            }

            bytes.Add(one[0]);
        }

        RgbChunkHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<RgbChunkHeader>(bytes.ToArray(), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("RGB chunk header line is not valid JSON.", e);
        }

        if (header is null || header.Format != RgbChunkHeader.Rgb24)
        {
            throw new InvalidDataException($"RGB chunk header format is '{header?.Format}'; expected '{RgbChunkHeader.Rgb24}'.");
        }

        if (header.Width <= 0 || header.Height <= 0 || !(header.Fps > 0) || header.FrameCount < 0
            || header.ChunkIndex < 0 || header.OverlapFrames < 0 || header.OverlapFrames > header.FrameCount
            || (long)header.Width * header.Height * 3 > int.MaxValue)
        {
            throw new InvalidDataException($"RGB chunk header has invalid values: {header}.");
        }

        return header;
    }
}
