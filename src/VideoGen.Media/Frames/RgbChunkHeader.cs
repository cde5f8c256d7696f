using System.Text.Json.Serialization;

namespace VideoGen.Media;

/// <summary>
/// The JSON header line of a raw RGB24 chunk stream (see README.md, "Raw chunk stream"). Wire contract: property
/// names and meaning must not change.
/// </summary>
/// <param name="Format">Pixel format; always <c>rgb24</c>.</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="FrameCount">Number of frames that follow the header.</param>
/// <param name="ChunkIndex">Zero-based chunk position in the clip.</param>
/// <param name="OverlapFrames">Leading frames that overlap the previous chunk.</param>
public sealed record RgbChunkHeader(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("fps")] double Fps,
    [property: JsonPropertyName("frameCount")] int FrameCount,
    [property: JsonPropertyName("chunkIndex")] int ChunkIndex,
    [property: JsonPropertyName("overlapFrames")] int OverlapFrames)
{
    /// <summary>The only pixel format the stream carries.</summary>
    public const string Rgb24 = "rgb24";
}
