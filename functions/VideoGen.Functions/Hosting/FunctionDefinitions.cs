using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoGen.Functions.Hosting;

/// <summary>One binding of a function.json.</summary>
public sealed record FunctionBinding
{
    /// <summary>Binding type, e.g. <c>queueTrigger</c>, <c>eventGridTrigger</c>, <c>httpTrigger</c>, <c>http</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "";

    /// <summary><c>in</c> or <c>out</c>.</summary>
    [JsonPropertyName("direction")] public string Direction { get; init; } = "";

    /// <summary>The binding name: the key in the invocation's Data (triggers) or Outputs.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>Queue triggers: the queue.</summary>
    [JsonPropertyName("queueName")] public string? QueueName { get; init; }

    /// <summary>Storage bindings: the app setting holding the connection.</summary>
    [JsonPropertyName("connection")] public string? Connection { get; init; }

    /// <summary>HTTP triggers: route template after the <c>api/</c> prefix.</summary>
    [JsonPropertyName("route")] public string? Route { get; init; }

    /// <summary>HTTP triggers: methods.</summary>
    [JsonPropertyName("methods")] public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>HTTP triggers: <c>anonymous</c>, <c>function</c> or <c>admin</c>.</summary>
    [JsonPropertyName("authLevel")] public string? AuthLevel { get; init; }
}

/// <summary>A function folder: its name and its function.json.</summary>
/// <param name="Name">The folder name, which is the function name.</param>
/// <param name="Bindings">The bindings.</param>
public sealed record FunctionDefinition(string Name, IReadOnlyList<FunctionBinding> Bindings)
{
    /// <summary>The trigger binding (exactly one per function).</summary>
    public FunctionBinding Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));
}

/// <summary>Reads the function folders (<c>{root}/{Name}/function.json</c>) the way the Functions host finds them.</summary>
public static class FunctionDefinitions
{
    /// <summary>The folder holding the function folders: the executable's own, as the Functions host lays a custom handler app out.</summary>
    public static string DefaultRoot => AppContext.BaseDirectory;

    /// <summary>Every function under <paramref name="root"/>; throws naming the file that is not a valid function.json.</summary>
    public static IReadOnlyList<FunctionDefinition> Load(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"No function folders at '{root}' (expected {{Name}}/function.json for each function).");
        }

        var result = new List<FunctionDefinition>();
        foreach (string dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string file = Path.Combine(dir, "function.json");
            if (!File.Exists(file))
            {
                continue;
            }

            FunctionJsonFile? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize<FunctionJsonFile>(File.ReadAllBytes(file));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{file} is not valid JSON: {ex.Message}", ex);
            }

            if (parsed?.Bindings is not { Count: > 0 } bindings)
            {
                throw new InvalidDataException($"{file} has no bindings.");
            }

            result.Add(new FunctionDefinition(Path.GetFileName(dir), bindings));
        }

        return result;
    }

    private sealed record FunctionJsonFile([property: JsonPropertyName("bindings")] IReadOnlyList<FunctionBinding>? Bindings);
}
