using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoGen.Durable;

/// <summary>
/// Serializes inputs, outputs, events and custom status. The options are a wire contract: they decide what
/// is stored in history, so changing them can break replay of running instances.
/// </summary>
public sealed class JsonDataConverter
{
    /// <summary>The converter every component uses unless configured otherwise.</summary>
    public static JsonDataConverter Default { get; } = new(CreateWireOptions());

    /// <summary>Creates a converter over <paramref name="options"/>.</summary>
    public JsonDataConverter(JsonSerializerOptions options) => Options = options;

    /// <summary>The serializer options (wire contract).</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>Web defaults (camelCase, case-insensitive read), enums as strings, nulls omitted.</summary>
    public static JsonSerializerOptions CreateWireOptions() => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>JSON text for <paramref name="value"/>, or null for null.</summary>
    public string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <summary>Reads <paramref name="json"/> as <paramref name="type"/>; null JSON gives the type's default.</summary>
    public object? Deserialize(string? json, Type type)
    {
        if (json is null)
        {
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }

        return JsonSerializer.Deserialize(json, type, Options);
    }

    /// <summary>Reads <paramref name="json"/> as <typeparamref name="T"/>.</summary>
    public T? Deserialize<T>(string? json) => (T?)Deserialize(json, typeof(T));
}
