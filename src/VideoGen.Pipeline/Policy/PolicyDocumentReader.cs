using System.Text.Json;
using System.Text.RegularExpressions;

namespace VideoGen.Pipeline.Policy;

/// <summary>Reads a policy document field by field so every mistake names its field (see <c>Policy/README.md</c>).</summary>
internal static partial class PolicyDocumentReader
{
    private const int MaxDocumentBytes = 1024 * 1024;
    private static readonly string[] DocumentFields = ["version", "description", "categories"];
    private static readonly string[] CategoryFields = ["id", "action", "description", "locked", "terms", "patterns", "removeTerms"];

    public static PromptPolicy Read(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var buffer = new MemoryStream();
        json.CopyTo(buffer);
        if (buffer.Length > MaxDocumentBytes)
        {
            throw new PolicyFormatException("", $"The policy is {buffer.Length} bytes; the limit is {MaxDocumentBytes}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new PolicyFormatException("", $"The policy is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}): {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            RequireObject(root, "", DocumentFields);
            string version = RequiredString(root, "version", "");
            if (version.Length > 64 || version.Any(char.IsWhiteSpace))
            {
                throw new PolicyFormatException("/version", $"Version '{version}' must be at most 64 characters without spaces.");
            }

            string? description = OptionalString(root, "description", "");
            JsonElement categoriesElement = Required(root, "categories", "", JsonValueKind.Array);
            var categories = new List<PolicyCategory>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            int i = 0;
            foreach (JsonElement element in categoriesElement.EnumerateArray())
            {
                string field = $"/categories/{i++}";
                PolicyCategory category = ReadCategory(element, field);
                if (!ids.Add(category.Id))
                {
                    throw new PolicyFormatException(field + "/id", $"Category id '{category.Id}' appears more than once.");
                }

                categories.Add(category);
            }

            return new PromptPolicy(version, description, categories);
        }
    }

    private static PolicyCategory ReadCategory(JsonElement element, string field)
    {
        RequireObject(element, field, CategoryFields);
        string id = RequiredString(element, "id", field);
        if (!IdPattern().IsMatch(id))
        {
            throw new PolicyFormatException(field + "/id", $"Category id '{id}' must be 1–64 lowercase letters, digits and hyphens.");
        }

        PolicyVerdict? action = OptionalString(element, "action", field) is { } word
            ? PolicyActions.Parse(word) ?? throw new PolicyFormatException(field + "/action", $"Action '{word}' is not one of allow, review, reject.")
            : null;
        bool locked = false;
        if (element.TryGetProperty("locked", out JsonElement lockedElement))
        {
            locked = lockedElement.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new PolicyFormatException(field + "/locked", $"Expected true or false, found {lockedElement.ValueKind}."),
            };
        }

        return new PolicyCategory(
            id,
            action,
            StringList(element, "terms", field),
            StringList(element, "patterns", field),
            StringList(element, "removeTerms", field),
            locked,
            OptionalString(element, "description", field));
    }

    private static void RequireObject(JsonElement element, string field, string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(field, $"Expected an object, found {element.ValueKind}.");
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new PolicyFormatException($"{field}/{property.Name}", $"Unknown field '{property.Name}'; expected one of: {string.Join(", ", allowed)}.");
            }
        }
    }

    private static JsonElement Required(JsonElement obj, string name, string field, JsonValueKind kind)
    {
        if (!obj.TryGetProperty(name, out JsonElement value))
        {
            throw new PolicyFormatException($"{field}/{name}", $"Field '{name}' is required.");
        }

        return value.ValueKind == kind ? value
            : throw new PolicyFormatException($"{field}/{name}", $"Expected {kind}, found {value.ValueKind}.");
    }

    private static string RequiredString(JsonElement obj, string name, string field)
    {
        string value = Required(obj, name, field, JsonValueKind.String).GetString()!;
        return value.Trim().Length > 0 ? value : throw new PolicyFormatException($"{field}/{name}", $"Field '{name}' must not be empty.");
    }

    private static string? OptionalString(JsonElement obj, string name, string field) =>
        obj.TryGetProperty(name, out _) ? Required(obj, name, field, JsonValueKind.String).GetString() : null;

    private static IReadOnlyList<string> StringList(JsonElement obj, string name, string field)
    {
        if (!obj.TryGetProperty(name, out _))
        {
            return [];
        }

        var list = new List<string>();
        int i = 0;
        foreach (JsonElement item in Required(obj, name, field, JsonValueKind.Array).EnumerateArray())
        {
            string at = $"{field}/{name}/{i++}";
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Trim().Length == 0)
            {
                throw new PolicyFormatException(at, $"Expected a non-empty string, found {item.ValueKind}.");
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex IdPattern();
}
