using System.Text.Json.Serialization;

namespace VideoGen.Pipeline.Briefs;

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
