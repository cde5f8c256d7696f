namespace VideoGen.Contracts.Gpu;

/// <summary>The queue tier of a GPU job.</summary>
public enum GpuTier
{
    /// <summary>Previews a person waits for; queue <see cref="GpuQueues.Interactive"/>.</summary>
    Interactive,

    /// <summary>Final renders; queue <see cref="GpuQueues.Batch"/>.</summary>
    Batch,
}

/// <summary>
/// One chunk of generation work on <see cref="GpuQueues.Interactive"/> or <see cref="GpuQueues.Batch"/>.
/// All blob names are relative to <see cref="Container"/>.
/// </summary>
/// <param name="JobId">Unique id of this job (deterministic per instance, chunk and attempt set by the orchestration).</param>
/// <param name="InstanceId">Orchestration instance the result is routed to.</param>
/// <param name="ChunkIndex">Index of the chunk in the clip, from 0.</param>
/// <param name="Tier">The queue tier.</param>
/// <param name="Model">The model to run.</param>
/// <param name="Chunk">What to render.</param>
/// <param name="Container">Blob container holding <see cref="Inputs"/> and receiving the output.</param>
/// <param name="Inputs">Input blobs.</param>
/// <param name="OutputPrefix">Blob name prefix (no trailing '/') the worker writes the chunk under; see <see cref="GpuOutputLayout"/>.</param>
/// <param name="Deadline">After this instant the worker does not start the job and reports it failed.</param>
/// <param name="TraceParent">W3C <c>traceparent</c> of the orchestration step that sent the job, or null.</param>
public sealed record GpuJob(
    string JobId,
    string InstanceId,
    int ChunkIndex,
    GpuTier Tier,
    GpuModelRef Model,
    GpuChunkSpec Chunk,
    string Container,
    GpuJobInputs Inputs,
    string OutputPrefix,
    DateTimeOffset Deadline,
    string? TraceParent = null);

/// <summary>A model of the worker's manifest, by name and version.</summary>
/// <param name="Name">Manifest name, e.g. <c>motion-reference</c>.</param>
/// <param name="Version">Manifest version, e.g. <c>1.0.0</c>.</param>
public sealed record GpuModelRef(string Name, string Version)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}@{Version}";
}

/// <summary>The frames of one chunk.</summary>
/// <param name="FrameCount">Frames to render, overlap included.</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="Fps">Frames per second of the clip.</param>
/// <param name="Overlap">Frames this chunk shares with the previous one (blended at assembly); informational to the worker.</param>
/// <param name="Seed">The shot's seed; the same seed gives the same frames.</param>
/// <param name="FirstFrameIndex">Index in the clip of this chunk's first frame, so adjacent chunks continue each other.</param>
/// <param name="Shot">Shot parameters.</param>
public sealed record GpuChunkSpec(
    int FrameCount,
    int Width,
    int Height,
    double Fps,
    int Overlap,
    long Seed,
    long FirstFrameIndex,
    GpuShotParameters Shot);

/// <summary>Per-shot look and motion.</summary>
/// <param name="Palette">Exactly three colours as <c>#rrggbb</c>: background top, background bottom, accent.</param>
/// <param name="CameraPath">
/// Keyframes by clip frame index, at least one, in increasing order; values between keyframes are interpolated
/// linearly and held before the first and after the last.
/// </param>
public sealed record GpuShotParameters(IReadOnlyList<string> Palette, IReadOnlyList<CameraKeyframe> CameraPath);

/// <summary>
/// The camera at one clip frame. The product photo is mapped onto the frame in normalized coordinates
/// ([-1, 1] on both axes, y down): a frame point <c>p</c> shows the photo at <c>R(−rotation) · (p − pan) / zoom</c>.
/// </summary>
/// <param name="Frame">Clip frame index of the keyframe.</param>
/// <param name="Zoom">Scale of the product (1 = the photo fills the frame); must be positive.</param>
/// <param name="PanX">Horizontal offset of the product centre, normalized units.</param>
/// <param name="PanY">Vertical offset of the product centre, normalized units (positive = down).</param>
/// <param name="RotationDegrees">Clockwise rotation of the product.</param>
public sealed record CameraKeyframe(long Frame, double Zoom, double PanX, double PanY, double RotationDegrees);

/// <summary>
/// Input blobs of a job, in lossless raw formats so the worker needs no image codec: the product photo as RGBA,
/// 8 bits per channel, rows top to bottom, no header (<c>width·height·4</c> bytes); the optional mask as 8-bit
/// grey, same size (<c>width·height</c> bytes; 255 = product).
/// </summary>
/// <param name="ProductRgba">Blob of the product photo (raw RGBA8).</param>
/// <param name="ProductWidth">Width of the product photo in pixels.</param>
/// <param name="ProductHeight">Height of the product photo in pixels.</param>
/// <param name="ProductMask">Blob of the product mask (raw 8-bit), or null for a mask of all 255.</param>
public sealed record GpuJobInputs(string ProductRgba, int ProductWidth, int ProductHeight, string? ProductMask = null);
