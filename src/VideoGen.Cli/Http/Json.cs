using System.Text.Json;

namespace VideoGen.Cli.Http;

/// <summary>Tolerant readers over <see cref="JsonElement"/>: property names match case-insensitively, wrong types read as missing.</summary>
internal static class Json
{
    /// <summary>Indented output for --json.</summary>
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The property named <paramref name="name"/> (any case), or null when absent or JSON null.</summary>
    public static JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (obj.TryGetProperty(name, out var exact))
        {
            return exact.ValueKind == JsonValueKind.Null ? null : exact;
        }

        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value.ValueKind == JsonValueKind.Null ? null : p.Value;
            }
        }

        return null;
    }

    /// <summary>A string property; numbers and booleans are rendered as text.</summary>
    public static string? String(JsonElement obj, string name) =>
        Property(obj, name) is { } v ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => null,
        } : null;

    /// <summary>A numeric property (a numeric string also counts).</summary>
    public static double? Number(JsonElement obj, string name) =>
        Property(obj, name) is { } v ? v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        } : null;

    /// <summary>A string's value, or any other JSON value as compact JSON text.</summary>
    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();

    /// <summary>Indented JSON text of <paramref name="value"/>.</summary>
    public static string Pretty(JsonElement value) => JsonSerializer.Serialize(value, Indented);
}
