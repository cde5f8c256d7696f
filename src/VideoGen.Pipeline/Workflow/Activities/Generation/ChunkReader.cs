using System.Security.Cryptography;
using Azure.Storage.Blobs;
using VideoGen.Contracts.Gpu;
using VideoGen.Media;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>One chunk read back from the GPU worker's output, verified against its index.</summary>
/// <param name="Chunk">The frames, with the chunk's index and overlap.</param>
/// <param name="IndexBlob">The index blob's name.</param>
/// <param name="IndexSha256">SHA-256 of the index blob as read.</param>
internal sealed record VerifiedChunk(FrameChunk Chunk, string IndexBlob, string IndexSha256);

/// <summary>
/// Reads a chunk through its <see cref="GpuChunkIndex"/> (at most <see cref="MaxIndexBytes"/>) and checks everything
/// against the plan and the index: complete, <c>rgb24</c>, the expected size, rate, first frame and frame count,
/// segments contiguous under the index's prefix, each exactly <c>frames · W · H · 3</c> bytes with the listed SHA-256.
/// Any mismatch fails the run with code <c>render.chunk-invalid</c> (re-reading would not change it).
/// </summary>
internal static class ChunkReader
{
    /// <summary>Largest index blob read.</summary>
    public const int MaxIndexBytes = 1 << 20;

    public const string Code = "render.chunk-invalid";

    /// <summary>Reads the chunk; its index must lie under <paramref name="requiredPrefix"/> (the run's tier folder), so a result cannot point at another run's or tenant's blobs.</summary>
    public static async Task<VerifiedChunk> ReadAsync(
        BlobContainerClient container, GpuJobResult result, ChunkSpec chunk, string requiredPrefix, int width, int height, double fps, CancellationToken cancellationToken)
    {
        string indexBlob = result.OutputBlobs.Count > 0 ? result.OutputBlobs[0] : throw Fail(chunk, "the result lists no output blobs");
        if (!indexBlob.EndsWith("/index.json", StringComparison.Ordinal) || !indexBlob.StartsWith(requiredPrefix + "/", StringComparison.Ordinal)
            || indexBlob.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw Fail(chunk, $"its first output blob '{indexBlob}' is not a chunk index under '{requiredPrefix}/'");
        }

        byte[] indexBytes = await BlobReads.ReadAsync(container.GetBlobClient(indexBlob), MaxIndexBytes, Code, cancellationToken).ConfigureAwait(false);
        GpuChunkIndex index;
        try
        {
            index = GpuJson.Deserialize<GpuChunkIndex>(System.Text.Encoding.UTF8.GetString(indexBytes));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw Fail(chunk, $"index '{indexBlob}' is not a chunk index: {e.Message}");
        }

        Check(index, chunk, width, height, fps, indexBlob);
        long frameBytes = GpuOutputLayout.FrameBytes(width, height);
        var frames = new List<byte[]>(chunk.FrameCount);
        foreach (GpuChunkSegment segment in index.Segments)
        {
            byte[] content = await BlobReads.ReadAsync(container.GetBlobClient(segment.Blob), segment.Bytes, Code, cancellationToken, exactBytes: true).ConfigureAwait(false);
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), segment.Sha256, StringComparison.Ordinal))
            {
                throw Fail(chunk, $"segment '{segment.Blob}' does not match the SHA-256 its index lists");
            }

            for (int f = 0; f < segment.FrameCount; f++)
            {
                frames.Add(content.AsSpan((int)(f * frameBytes), (int)frameBytes).ToArray());
            }
        }

        return new VerifiedChunk(
            new FrameChunk(chunk.Index, chunk.Overlap, new FrameSequence(width, height, fps, frames)),
            indexBlob,
            Convert.ToHexStringLower(SHA256.HashData(indexBytes)));
    }

    private static void Check(GpuChunkIndex index, ChunkSpec chunk, int width, int height, double fps, string indexBlob)
    {
        var problems = new List<string>();
        if (!index.Complete || index.FramesDone != index.FrameCount)
        {
            problems.Add($"incomplete ({index.FramesDone} of {index.FrameCount} frames)");
        }

        if (index.Format != GpuOutputLayout.Rgb24 || index.Width != width || index.Height != height || Math.Abs(index.Fps - fps) > 1e-6)
        {
            problems.Add($"{index.Format} {index.Width}x{index.Height}@{index.Fps}, expected {GpuOutputLayout.Rgb24} {width}x{height}@{fps}");
        }

        if (index.FirstFrameIndex != chunk.FirstFrame || index.FrameCount != chunk.FrameCount)
        {
            problems.Add($"frames {index.FirstFrameIndex}+{index.FrameCount}, the plan says {chunk.FirstFrame}+{chunk.FrameCount}");
        }

        string prefix = indexBlob[..^"index.json".Length];
        long frameBytes = GpuOutputLayout.FrameBytes(width, height);
        int next = 0;
        foreach (GpuChunkSegment s in index.Segments)
        {
            if (s.FirstFrame != next || s.FrameCount < 1 || s.Bytes != s.FrameCount * frameBytes || !s.Blob.StartsWith(prefix, StringComparison.Ordinal))
            {
                problems.Add($"segment '{s.Blob}' (frame {s.FirstFrame}+{s.FrameCount}, {s.Bytes} bytes) does not continue the chunk at frame {next} with {frameBytes} bytes a frame");
                break;
            }

            next += s.FrameCount;
        }

        if (problems.Count == 0 && next != index.FrameCount)
        {
            problems.Add($"its segments hold {next} frames, not {index.FrameCount}");
        }

        if (problems.Count > 0)
        {
            throw Fail(chunk, $"index '{indexBlob}': {string.Join("; ", problems)}");
        }
    }

    private static RunFailedException Fail(ChunkSpec chunk, string why) => new(Code, $"Chunk {chunk.Index}: {why}.");
}
