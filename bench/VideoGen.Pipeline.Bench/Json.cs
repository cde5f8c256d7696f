using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VideoGen.Pipeline.Bench;

/// <summary>
/// Tolerant look-ups in the run's status and output: property names match case-insensitively, and a name is found
/// wherever it is nested (the output's shape is the pipeline's to settle), with the path it was found at.
/// </summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The first property named <paramref name="name"/> in <paramref name="node"/> (depth first), or null.</summary>
    public static JsonNode? Find(JsonNode? node, string name) => FindWithPath(node, name, "$")?.Value;

    /// <summary>Like <see cref="Find"/>, with the JSON path of the hit (for the notes that say where a number came from).</summary>
    public static (JsonNode? Value, string Path)? FindWithPath(JsonNode? node, string name, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach ((string key, JsonNode? value) in obj)
                {
                    if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && value is not null)
                    {
                        return (value, $"{path}.{key}");
                    }
                }

                foreach ((string key, JsonNode? value) in obj)
                {
                    if (FindWithPath(value, name, $"{path}.{key}") is { } hit)
                    {
                        return hit;
                    }
                }

                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (FindWithPath(array[i], name, $"{path}[{i}]") is { } hit)
                    {
                        return hit;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>A direct property of <paramref name="obj"/>, any case.</summary>
    public static JsonNode? Property(JsonNode? obj, string name) =>
        obj is JsonObject o ? o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value : null;

    /// <summary>A number (or numeric string), or null.</summary>
    public static double? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        JsonValue v when v.TryGetValue(out string? s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => null,
    };

    /// <summary>A string (numbers rendered invariantly), or null.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    /// <summary>Compact JSON of a node for notes, shortened.</summary>
    public static string Compact(JsonNode? node, int max = 600)
    {
        string text = node is JsonValue v && v.TryGetValue(out string? s) ? s : node?.ToJsonString(Readable) ?? "null";
        return text.Length > max ? text[..max] + "…" : text;
    }
}
