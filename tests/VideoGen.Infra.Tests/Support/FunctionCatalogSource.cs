using System.Reflection;
using System.Text.Json.Nodes;
using VideoGen.Functions.Hosting;

namespace VideoGen.Infra.Tests.Support;

/// <summary>One function of the app with its bindings, as the Functions host indexes it.</summary>
/// <param name="Name">Function name (what <c>Host.Functions.{Name}</c> and the portal show).</param>
/// <param name="Bindings">Its bindings (<c>type</c>, <c>direction</c>, <c>queueName</c>, <c>path</c>, <c>source</c>, ...).</param>
public sealed record FunctionEntry(string Name, IReadOnlyList<JsonObject> Bindings)
{
    /// <summary>The trigger binding (type ending in <c>Trigger</c>), or null.</summary>
    public JsonObject? Trigger =>
        Bindings.FirstOrDefault(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The trigger's binding type (<c>queueTrigger</c>, <c>blobTrigger</c>, ...), or null.</summary>
    public string? TriggerType => (string?)Trigger?["type"];
}

/// <summary>The app's functions, by name.</summary>
/// <param name="Functions">Every function.</param>
public sealed record FunctionCatalog(IReadOnlyList<FunctionEntry> Functions)
{
    /// <summary>The function of that name (exact, as the host matches <c>functionName</c>), or null.</summary>
    public FunctionEntry? Find(string name) => Functions.FirstOrDefault(f => f.Name == name);

    /// <summary>The queues the app's queue triggers read, each once.</summary>
    public IReadOnlyList<string> QueueTriggerQueues =>
        [.. Functions.Select(f => f.Trigger)
            .Where(t => string.Equals((string?)t?["type"], "queueTrigger", StringComparison.OrdinalIgnoreCase))
            .Select(t => (string)t!["queueName"]!)
            .Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// Where the infra tests learn the app's function names, triggers and trigger queues: every check that compares the
/// deployment with the app's functions goes through <see cref="Load"/>, so a change of the app's layout is one edit
/// here.
/// </summary>
public static class FunctionCatalogSource
{
    /// <summary>
    /// The app's functions: the <c>functions.metadata</c> the isolated worker's build writes next to its assembly
    /// (what the Functions host indexes), read from the output of <c>functions/VideoGen.FunctionApp</c>, which this
    /// project references and so builds first, in the same configuration. A missing file fails the tests (the app's
    /// build did not run or did not write it); tests/VideoGen.FunctionApp.Tests checks the file against the code.
    /// </summary>
    public static FunctionCatalog Load()
    {
        string metadata = MetadataPath.Value;
        return File.Exists(metadata)
            ? FromMetadata(File.ReadAllText(metadata))
            : throw new FileNotFoundException($"The isolated function app's build wrote no functions.metadata at {metadata}: build functions/VideoGen.FunctionApp first.", metadata);
    }

    /// <summary>
    /// Reads the <c>functions.metadata</c> an isolated worker's build writes: a JSON array of
    /// <c>{ "name": ..., "bindings": [ ... ] }</c> (plus scriptFile, entryPoint, language, properties).
    /// </summary>
    public static FunctionCatalog FromMetadata(string json) =>
        JsonNode.Parse(json) is JsonArray functions
            ? new([.. functions.OfType<JsonObject>()
                .Select(f => new FunctionEntry(
                    (string?)f["name"] ?? throw new FormatException("functions.metadata: a function has no name."),
                    Bindings(f["bindings"], (string)f["name"]!)))
                .OrderBy(f => f.Name, StringComparer.Ordinal)])
            : throw new FormatException("functions.metadata must be a JSON array of functions.");

    /// <summary>
    /// The app's <see cref="FunctionTable"/> as trigger bindings of the <c>functions.metadata</c> shape (its blob
    /// functions are Event-Grid-sourced blob triggers by definition). Orchestrations and activities are not in it.
    /// </summary>
    public static FunctionCatalog FromFunctionTable() =>
        new([.. FunctionTable.Http.Select(f => Entry(f.Name, "httpTrigger", ("route", f.Route)))
            .Concat(FunctionTable.Queues.Select(f => Entry(f.Name, "queueTrigger", ("queueName", f.QueueName))))
            .Concat(FunctionTable.Blobs.Select(f => Entry(f.Name, "blobTrigger", ("path", f.Path), ("source", "EventGrid"))))
            .OrderBy(f => f.Name, StringComparer.Ordinal)]);

    /// <summary>Where the isolated worker's build writes functions.metadata (set by the test project file).</summary>
    private static readonly Lazy<string> MetadataPath = new(() =>
        typeof(FunctionCatalogSource).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FunctionsMetadataPath")?.Value
        ?? throw new InvalidOperationException("The test assembly has no FunctionsMetadataPath metadata (see VideoGen.Infra.Tests.csproj)."));

    private static FunctionEntry Entry(string name, string type, params (string Key, string Value)[] properties)
    {
        var binding = new JsonObject { ["name"] = "trigger", ["direction"] = "In", ["type"] = type };
        foreach ((string key, string value) in properties)
        {
            binding[key] = value;
        }

        return new FunctionEntry(name, [binding]);
    }

    private static IReadOnlyList<JsonObject> Bindings(JsonNode? bindings, string where) =>
        bindings is JsonArray array
            ? [.. array.OfType<JsonObject>()]
            : throw new FormatException($"{where}: no bindings array.");
}
