using System.Reflection;
using System.Text.Json.Nodes;

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
    /// The app's functions. While <c>functions/*/function.json</c> folders exist (the custom handler's layout) they
    /// are read, leaving out the retired engine's plumbing (<c>DurableControlNN</c>, <c>DurableWorkItems</c>: queue
    /// triggers on the task hub's own queues, which in the isolated app the Durable extension polls itself, so they
    /// are not functions and the deployment does not create them). That layout is being retired (tracker issue 9):
    /// the function app becomes a .NET isolated worker whose build writes a <c>functions.metadata</c> next to its
    /// assembly; once the folders are gone this reads that file (<see cref="FromMetadata"/>: same names, same
    /// binding shape) from the output of <c>functions/VideoGen.Functions</c>, which this project references and so
    /// builds first, in the same configuration. When the custom handler is gone for good, drop the folder branch.
    /// </summary>
    public static FunctionCatalog Load()
    {
        FunctionCatalog folders = FromFunctionJsonFolders(Path.Combine(Repo.Root, "functions"));
        if (folders.Functions.Count > 0)
        {
            return new FunctionCatalog([.. folders.Functions.Where(f => !IsRetiredEnginePlumbing(f.Name))]);
        }

        string metadata = MetadataPath.Value;
        return File.Exists(metadata)
            ? FromMetadata(File.ReadAllText(metadata))
            : throw new InvalidOperationException(
                $"The app's functions are neither in functions/*/function.json nor in '{metadata}' (the isolated worker's generated " +
                "functions.metadata; building this test project builds functions/VideoGen.Functions first).");
    }

    /// <summary>Reads a custom-handler layout: one <c>{Name}/function.json</c> per function under <paramref name="functionsDir"/>.</summary>
    public static FunctionCatalog FromFunctionJsonFolders(string functionsDir) =>
        new([.. Directory.EnumerateDirectories(functionsDir)
            .Select(dir => Path.Combine(dir, "function.json"))
            .Where(File.Exists)
            .Select(file => new FunctionEntry(
                Path.GetFileName(Path.GetDirectoryName(file)!),
                Bindings(JsonNode.Parse(File.ReadAllText(file))?["bindings"], file)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)]);

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

    /// <summary>Where the isolated worker's build writes functions.metadata (set by the test project file).</summary>
    private static readonly Lazy<string> MetadataPath = new(() =>
        typeof(FunctionCatalogSource).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FunctionsMetadataPath")?.Value
        ?? throw new InvalidOperationException("The test assembly has no FunctionsMetadataPath metadata (see VideoGen.Infra.Tests.csproj)."));

    private static bool IsRetiredEnginePlumbing(string name) =>
        name.StartsWith("DurableControl", StringComparison.Ordinal) || name == "DurableWorkItems";

    private static IReadOnlyList<JsonObject> Bindings(JsonNode? bindings, string where) =>
        bindings is JsonArray array
            ? [.. array.OfType<JsonObject>()]
            : throw new FormatException($"{where}: no bindings array.");
}
