using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoGen.Contracts.Gpu;

/// <summary>The serializer settings of every GPU queue message and chunk index.</summary>
public static class GpuJson
{
    /// <summary>
    /// <b>Wire contract.</b> Messages written by one build of the function app are read by another build of the
    /// worker (and the other way round), so camelCase property names, camelCase enum strings, ISO-8601 dates and
    /// nulls written out must not change. Constructor parameters without a default are required on read (a missing
    /// one fails with a message naming it); add new properties only as optional parameters with defaults, never
    /// rename or remove one.
    /// </summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Serializes <paramref name="value"/> with <see cref="Options"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Deserializes <paramref name="json"/> with <see cref="Options"/>.</summary>
    /// <exception cref="JsonException">The text is not valid JSON for <typeparamref name="T"/>, or it is JSON <c>null</c>.</exception>
    public static T Deserialize<T>(string json)
        where T : class
        => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"The message is JSON null, not a {typeof(T).Name}.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
