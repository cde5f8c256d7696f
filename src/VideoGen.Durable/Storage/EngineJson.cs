using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoGen.Durable.Storage;

/// <summary>
/// Serializer options for the engine's own records (history events, queue messages). A stored wire contract:
/// user payloads are embedded in them as JSON strings produced by the user-facing <see cref="JsonDataConverter"/>.
/// </summary>
internal static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"Expected a {typeof(T).Name}, got JSON null.");
}
