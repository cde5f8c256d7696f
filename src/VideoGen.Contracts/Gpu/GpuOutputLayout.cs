using System.Globalization;

namespace VideoGen.Contracts.Gpu;

/// <summary>
/// The lossless intermediate a GPU worker writes for one chunk, under the job's output prefix:
/// <list type="bullet">
/// <item><c>{prefix}/frames-{first:D6}.rgb</c>: segments of consecutive frames, raw RGB24 — per frame, rows top to
/// bottom, per pixel R, G, B, one byte each (<c>round(255 · value)</c>), no header; frames concatenated
/// (<c>frameCount · width · height · 3</c> bytes). <c>first</c> is the segment's first frame within the chunk.</item>
/// <item><c>{prefix}/index.json</c>: a <see cref="GpuChunkIndex"/>; the checkpoint while the chunk renders and the
/// table of contents when it is complete.</item>
/// </list>
/// Names are deterministic, so a retried job overwrites or skips instead of duplicating.
/// </summary>
public static class GpuOutputLayout
{
    /// <summary>The format name in <see cref="GpuChunkIndex.Format"/>.</summary>
    public const string Rgb24 = "rgb24";

    /// <summary>Bytes per pixel of <see cref="Rgb24"/>.</summary>
    public const int BytesPerPixel = 3;

    /// <summary>Name of the chunk index blob.</summary>
    public static string IndexBlob(string outputPrefix) => $"{outputPrefix}/index.json";

    /// <summary>Name of the segment starting at chunk frame <paramref name="firstFrame"/>.</summary>
    public static string SegmentBlob(string outputPrefix, int firstFrame) =>
        string.Create(CultureInfo.InvariantCulture, $"{outputPrefix}/frames-{firstFrame:D6}.rgb");

    /// <summary>Bytes of one RGB24 frame.</summary>
    public static long FrameBytes(int width, int height) => (long)width * height * BytesPerPixel;
}

/// <summary>The chunk index / checkpoint blob (<see cref="GpuOutputLayout.IndexBlob"/>). Contains nothing time-dependent, so reruns write the same bytes.</summary>
/// <param name="Format">Always <see cref="GpuOutputLayout.Rgb24"/>.</param>
/// <param name="SpecSha256">
/// Lower-case hex SHA-256 of the job's model, chunk spec and inputs serialized with <see cref="GpuJson.Options"/>
/// (see <see cref="GpuJobFingerprint"/>); a checkpoint is resumed only by a job with the same value.
/// </param>
/// <param name="Model">Model that rendered the frames.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="FirstFrameIndex">Clip index of the chunk's first frame.</param>
/// <param name="FrameCount">Frames the chunk has when complete.</param>
/// <param name="FramesDone">Frames written so far (the sum of the segments' counts).</param>
/// <param name="Complete">True once <paramref name="FramesDone"/> equals <paramref name="FrameCount"/>.</param>
/// <param name="Segments">The segments in frame order.</param>
public sealed record GpuChunkIndex(
    string Format,
    string SpecSha256,
    GpuModelRef Model,
    int Width,
    int Height,
    double Fps,
    long FirstFrameIndex,
    int FrameCount,
    int FramesDone,
    bool Complete,
    IReadOnlyList<GpuChunkSegment> Segments);

/// <summary>One segment blob of a chunk.</summary>
/// <param name="Blob">Blob name.</param>
/// <param name="FirstFrame">Its first frame within the chunk.</param>
/// <param name="FrameCount">Frames in it.</param>
/// <param name="Bytes">Its length.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its content.</param>
public sealed record GpuChunkSegment(string Blob, int FirstFrame, int FrameCount, long Bytes, string Sha256);

/// <summary>The fingerprint of what a job renders, stored in <see cref="GpuChunkIndex.SpecSha256"/>.</summary>
public static class GpuJobFingerprint
{
    /// <summary>
    /// SHA-256 (lower-case hex) of <c>[model, chunk, inputs]</c> serialized with <see cref="GpuJson.Options"/>:
    /// two jobs with the same value render the same frames, whatever their ids, deadlines or tiers.
    /// </summary>
    public static string Compute(GpuJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new object[] { job.Model, job.Chunk, job.Inputs }, GpuJson.Options);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json));
    }
}
