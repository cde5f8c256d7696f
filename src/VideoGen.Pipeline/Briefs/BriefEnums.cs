using System.Text.Json.Serialization;

namespace VideoGen.Pipeline.Briefs;

/// <summary>The creative template of a brief (wire names are the kebab-case strings shown).</summary>
public enum BriefTemplate
{
    /// <summary><c>product-launch</c>: hero shots of one product.</summary>
    [JsonStringEnumMemberName("product-launch")]
    ProductLaunch,

    /// <summary><c>social</c>: short vertical or square social clip.</summary>
    [JsonStringEnumMemberName("social")]
    Social,

    /// <summary><c>generic</c>: anything else.</summary>
    [JsonStringEnumMemberName("generic")]
    Generic,
}

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

/// <summary>Camera move of a shot (wire names are the kebab-case strings shown).</summary>
public enum CameraMove
{
    /// <summary><c>static</c>.</summary>
    [JsonStringEnumMemberName("static")]
    Static,

    /// <summary><c>push-in</c>.</summary>
    [JsonStringEnumMemberName("push-in")]
    PushIn,

    /// <summary><c>pull-out</c>.</summary>
    [JsonStringEnumMemberName("pull-out")]
    PullOut,

    /// <summary><c>pan-left</c>.</summary>
    [JsonStringEnumMemberName("pan-left")]
    PanLeft,

    /// <summary><c>pan-right</c>.</summary>
    [JsonStringEnumMemberName("pan-right")]
    PanRight,

    /// <summary><c>orbit</c>.</summary>
    [JsonStringEnumMemberName("orbit")]
    Orbit,

    /// <summary><c>tilt-up</c>.</summary>
    [JsonStringEnumMemberName("tilt-up")]
    TiltUp,
}
