using System.Text.Json;
using Json.Schema;

namespace VideoGen.Pipeline.Briefs;

/// <summary>
/// The embedded <c>brief.v1.schema.json</c> (JSON Schema draft 2020-12) and the mapping of JsonSchema.Net's list output
/// to <see cref="BriefValidationError"/>s: one error per failed keyword, one per missing required property (pointing
/// at the property) and one per property the schema does not allow.
/// </summary>
public static class BriefSchema
{
    /// <summary>Manifest name of the embedded schema.</summary>
    public const string ResourceName = "VideoGen.Pipeline.Briefs.brief.v1.schema.json";

    private static readonly Lazy<(JsonSchema Schema, JsonDocument Document)> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The schema text, as embedded.</summary>
    public static string Text
    {
        get
        {
            using Stream stream = OpenResource();
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Validates <paramref name="document"/> against the schema; returns every error (none when valid).</summary>
    internal static List<BriefValidationError> Validate(JsonElement document)
    {
        (JsonSchema schema, JsonDocument schemaDocument) = Loaded.Value;
        EvaluationResults results = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = new List<BriefValidationError>();
        if (results.IsValid)
        {
            return errors;
        }

        IEnumerable<EvaluationResults> nodes = results.Details is { Count: > 0 } details ? details : [results];
        foreach (EvaluationResults node in nodes)
        {
            if (node.IsValid || node.Errors is null)
            {
                continue;
            }

            string pointer = node.InstanceLocation.ToString();
            JsonElement? subschema = Resolve(schemaDocument.RootElement, node.SchemaLocation);
            foreach ((string keyword, string message) in node.Errors)
            {
                Map(errors, document, pointer, node, keyword, message, subschema);
            }
        }

        return errors;
    }

    private static void Map(
        List<BriefValidationError> errors, JsonElement document, string pointer, EvaluationResults node, string keyword, string message, JsonElement? subschema)
    {
        if (keyword == "required" && subschema is { } s && s.TryGetProperty("required", out JsonElement required)
            && Find(document, pointer) is { ValueKind: JsonValueKind.Object } instance)
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                string property = name.GetString()!;
                if (!instance.TryGetProperty(property, out _))
                {
                    errors.Add(new BriefValidationError(JsonPointers.Child(pointer, property), "required", $"Property '{property}' is required.", null));
                }
            }

            return;
        }

        if (keyword.Length == 0 && node.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal))
        {
            string name = pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            errors.Add(new BriefValidationError(pointer, "additionalProperties", $"Property '{name}' is not part of the brief contract.", null));
            return;
        }

        string? limit = subschema is { } sub && keyword.Length > 0 && sub.TryGetProperty(keyword, out JsonElement value) ? LimitText(value) : null;
        string text = (keyword, limit) switch
        {
            ("enum" or "const", not null) => $"Value must be one of: {limit}.",
            ("pattern", not null) => $"Value does not match the pattern {limit}.",
            _ => message,
        };
        errors.Add(new BriefValidationError(pointer, keyword.Length == 0 ? "schema" : keyword, text, limit));
    }

    private static string? LimitText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static JsonElement? Resolve(JsonElement root, Uri location)
    {
        string fragment = Uri.UnescapeDataString(location.Fragment.TrimStart('#'));
        if (Find(root, fragment) is { } found)
        {
            return found;
        }

        // JsonSchema.Net 8 reports some subschema locations with an extra segment ("…/items/captions" for "…/items").
        int cut = fragment.LastIndexOf('/');
        return cut > 0 && fragment[..cut].EndsWith("/items", StringComparison.Ordinal) ? Find(root, fragment[..cut]) : null;
    }

    private static JsonElement? Find(JsonElement root, string pointer)
    {
        JsonElement current = root;
        foreach (string raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out JsonElement child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out int i) && i >= 0 && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static (JsonSchema, JsonDocument) Load()
    {
        string text = Text;
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return (JsonSchema.FromText(text, options), JsonDocument.Parse(text));
    }

    private static Stream OpenResource() =>
        PipelineAssembly.Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from {PipelineAssembly.Assembly.GetName().Name}.");
}
