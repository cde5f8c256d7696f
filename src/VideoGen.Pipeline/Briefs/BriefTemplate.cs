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
