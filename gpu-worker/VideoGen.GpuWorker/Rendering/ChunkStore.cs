using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using VideoGen.Contracts.Gpu;
using VideoGen.GpuWorker.Jobs;

namespace VideoGen.GpuWorker.Rendering;

/// <summary>
/// Reads inputs and writes a chunk's segments and index (<see cref="GpuOutputLayout"/>). Order of writes per
/// checkpoint: the segment blob first, then the index that lists it, so an index never names a segment that is not
/// fully written; a crash in between leaves a segment the next attempt overwrites with the same bytes.
/// </summary>
internal sealed class ChunkStore(BlobServiceClient blobs)
{
    // Containers this worker already made sure exist: one create call per container, not one per segment.
    private readonly ConcurrentDictionary<string, Task> _containers = new(StringComparer.Ordinal);

    /// <summary>Downloads an input blob.</summary>
    /// <exception cref="JobRejectedException">The blob or its container does not exist.</exception>
    public async Task<byte[]> ReadInputAsync(string container, string blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await blobs.GetBlobContainerClient(container).GetBlobClient(blob)
                .DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new JobRejectedException($"Input blob '{blob}' does not exist in container '{container}'.", e);
        }
    }

    /// <summary>Reads the chunk index, or null when there is none.</summary>
    /// <exception cref="JsonException">The index blob is not a valid index.</exception>
    public async Task<GpuChunkIndex?> ReadIndexAsync(GpuJob job, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Index(job).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return GpuJson.Deserialize<GpuChunkIndex>(content.Value.Content.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes (overwrites) a segment and returns its entry.</summary>
    public async Task<GpuChunkSegment> WriteSegmentAsync(GpuJob job, int firstFrame, int frameCount, ReadOnlyMemory<byte> rgb, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(job.Container);
        await EnsureContainerAsync(container).WaitAsync(cancellationToken).ConfigureAwait(false);
        var name = GpuOutputLayout.SegmentBlob(job.OutputPrefix, firstFrame);
        try
        {
            await container.GetBlobClient(name).UploadAsync(new BinaryData(rgb), overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "ContainerNotFound")
        {
            // Deleted since this worker created it: create it again, once.
            _containers.TryRemove(container.Name, out _);
            await EnsureContainerAsync(container).WaitAsync(cancellationToken).ConfigureAwait(false);
            await container.GetBlobClient(name).UploadAsync(new BinaryData(rgb), overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        return new GpuChunkSegment(name, firstFrame, frameCount, rgb.Length, Convert.ToHexStringLower(SHA256.HashData(rgb.Span)));
    }

    /// <summary>Writes (overwrites) the index.</summary>
    public async Task WriteIndexAsync(GpuJob job, GpuChunkIndex index, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, GpuJson.Options);
        await Index(job).UploadAsync(new BinaryData(bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    // A failed create is forgotten, so the next segment tries again.
    private Task EnsureContainerAsync(BlobContainerClient container) =>
        _containers.GetOrAdd(container.Name, _ => CreateAsync(container));

    private async Task CreateAsync(BlobContainerClient container)
    {
        try
        {
            await container.CreateIfNotExistsAsync().ConfigureAwait(false);
        }
        catch
        {
            _containers.TryRemove(container.Name, out _);
            throw;
        }
    }

    private BlobClient Index(GpuJob job) =>
        blobs.GetBlobContainerClient(job.Container).GetBlobClient(GpuOutputLayout.IndexBlob(job.OutputPrefix));
}
