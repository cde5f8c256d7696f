namespace VideoGen.Pipeline.Security;

/// <summary>Reads a response body with a size cap, so a misbehaving server cannot exhaust memory.</summary>
public static class BoundedRead
{
    /// <summary>Reads all of <paramref name="stream"/> (null reads as empty).</summary>
    /// <exception cref="ResponseTooLargeException">The stream holds more than <paramref name="limit"/> bytes.</exception>
    public static async Task<byte[]> ReadAsync(Stream? stream, int limit, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > limit)
            {
                throw new ResponseTooLargeException(limit);
            }

            buffer.Write(chunk, 0, read);
        }
    }
}

/// <summary>A response body was larger than the caller's limit; reading stopped at the limit.</summary>
public sealed class ResponseTooLargeException(int limit)
    : IOException($"The response body exceeded the limit of {limit} bytes.")
{
    /// <summary>The limit, in bytes.</summary>
    public int Limit { get; } = limit;
}
