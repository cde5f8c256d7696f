using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>Size-limited blob reads and plain uploads for the generation activities.</summary>
internal static class BlobReads
{
    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> of <paramref name="blob"/>; a missing blob, a longer one, or (when
    /// <paramref name="exactBytes"/> is true) a shorter one fails the run with <paramref name="code"/>: the content
    /// will not change on a retry.
    /// </summary>
    public static async Task<byte[]> ReadAsync(BlobClient blob, long maxBytes, string code, CancellationToken cancellationToken, bool exactBytes = false)
    {
        BlobDownloadStreamingResult download;
        try
        {
            download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new RunFailedException(code, $"Blob '{blob.BlobContainerName}/{blob.Name}' does not exist.");
        }

        using (download)
        {
            long length = download.Details.ContentLength;
            if (length > maxBytes || (exactBytes && length != maxBytes))
            {
                throw new RunFailedException(code,
                    $"Blob '{blob.BlobContainerName}/{blob.Name}' is {length} bytes; {(exactBytes ? "expected exactly" : "the limit is")} {maxBytes}.");
            }

            var buffer = new byte[length];
            int read = 0;
            while (read < buffer.Length)
            {
                int n = await download.Content.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new IOException($"Blob '{blob.Name}' ended after {read} of {length} bytes.");
                }

                read += n;
            }

            return buffer;
        }
    }

    /// <summary>Uploads (overwriting) <paramref name="content"/> with a content type.</summary>
    public static Task UploadAsync(BlobContainerClient container, string name, BinaryData content, string contentType, CancellationToken cancellationToken) =>
        container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);

    /// <summary>Uploads (overwriting) a file with a content type.</summary>
    public static async Task UploadFileAsync(BlobContainerClient container, string name, string path, string contentType, CancellationToken cancellationToken)
    {
        await using FileStream stream = File.OpenRead(path);
        await container.GetBlobClient(name).UploadAsync(stream, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken)
            .ConfigureAwait(false);
    }
}
