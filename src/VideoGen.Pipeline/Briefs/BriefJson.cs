using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoGen.Pipeline.Briefs;

/// <summary>The serializer settings of <c>brief.json</c> and of rejection records.</summary>
public static class BriefJson
{
    /// <summary>
    /// <b>Wire contract.</b> CMSs write <c>brief.json</c> against <c>brief.v1.schema.json</c>; these options read it and
    /// write rejection records. camelCase property names, the enum strings of <see cref="BriefTemplate"/>,
    /// <see cref="AspectRatio"/> and <see cref="CameraMove"/> (no integers), ISO-8601 dates; absent optional values are
    /// not written. Never rename or remove a property; a new one is optional with a default, and a breaking change is a
    /// new schema version.
    /// </summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The wire string of an enum value of the contract, e.g. <c>product-launch</c> for <see cref="BriefTemplate.ProductLaunch"/>.</summary>
    public static string WireName<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonSerializer.Serialize(value, Options).Trim('"');

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowDuplicateProperties = false,
            MaxDepth = BriefLimits.MaxJsonDepth,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
