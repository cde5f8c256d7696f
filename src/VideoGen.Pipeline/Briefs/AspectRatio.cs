using System.Text.Json.Serialization;

namespace VideoGen.Pipeline.Briefs;

/// <summary>Output aspect ratio (wire names <c>16:9</c>, <c>9:16</c>, <c>1:1</c>, <c>4:5</c>).</summary>
public enum AspectRatio
{
    /// <summary>16:9 landscape.</summary>
    [JsonStringEnumMemberName("16:9")]
    Landscape16x9,

    /// <summary>9:16 portrait.</summary>
    [JsonStringEnumMemberName("9:16")]
    Portrait9x16,

    /// <summary>1:1 square.</summary>
    [JsonStringEnumMemberName("1:1")]
    Square1x1,

    /// <summary>4:5 portrait.</summary>
    [JsonStringEnumMemberName("4:5")]
    Portrait4x5,
}
