using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VideoGen.Infra.Tests.Support;

/// <summary>
/// infra/main.bicep evaluated by <c>bicep snapshot</c> for one set of parameters: every resource the deployment would
/// create, modules and loops expanded, conditions applied. Values only Azure knows at deployment time (listKeys,
/// reference, secure parameters) stay expressions.
/// </summary>
public sealed class Snapshot
{
    /// <summary>Subscription id the snapshot is made for.</summary>
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000001";

    /// <summary>Resource group the snapshot is made for.</summary>
    public const string ResourceGroup = "rg-videogen-test";

    /// <summary>Creates a snapshot from already parsed resources (tests of the checks use doctored copies).</summary>
    public Snapshot(JsonArray resources) => Resources = resources;

    /// <summary>The predicted resources.</summary>
    public JsonArray Resources { get; }

    /// <summary>Runs <c>bicep snapshot</c> on a .bicepparam holding <paramref name="parameters"/> (values as Bicep literals).</summary>
    public static Snapshot Create(IReadOnlyDictionary<string, string> parameters)
    {
        string dir = Path.Combine(Path.GetTempPath(), "videogen-infra-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var text = new StringBuilder();
            // Bicep wants a relative path in `using`.
            text.Append("using '").Append(Path.GetRelativePath(dir, Repo.MainBicep).Replace('\\', '/')).AppendLine("'");
            foreach ((string name, string value) in parameters)
            {
                text.Append("param ").Append(name).Append(" = ").AppendLine(value);
            }

            string paramFile = Path.Combine(dir, "test.bicepparam");
            File.WriteAllText(paramFile, text.ToString());
            BicepResult r = BicepCli.Run(dir, "snapshot", paramFile, "--mode", "overwrite",
                "--subscription-id", SubscriptionId, "--resource-group", ResourceGroup,
                "--location", "westeurope", "--tenant-id", "00000000-0000-0000-0000-000000000002");
            string snapshotFile = Path.Combine(dir, "test.snapshot.json");
            if (r.ExitCode != 0 || !File.Exists(snapshotFile))
            {
                throw new InvalidOperationException($"bicep snapshot failed (exit {r.ExitCode}):\n{r.StdErr}\n{r.StdOut}");
            }

            JsonNode doc = JsonNode.Parse(File.ReadAllText(snapshotFile))!;
            if (doc["diagnostics"] is JsonArray { Count: > 0 } diagnostics)
            {
                throw new InvalidOperationException($"bicep snapshot reported diagnostics: {diagnostics.ToJsonString()}");
            }

            return new Snapshot(doc["predictedResources"]!.AsArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Resources of one type.</summary>
    public IReadOnlyList<JsonObject> OfType(string type) =>
        [.. Resources.OfType<JsonObject>().Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The one resource of a type.</summary>
    public JsonObject Single(string type)
    {
        IReadOnlyList<JsonObject> all = OfType(type);
        return all.Count == 1 ? all[0] : throw new InvalidOperationException($"Expected one {type}, found {all.Count}.");
    }

    /// <summary>Last segment of a resource's name (<c>account/default/queue</c> → <c>queue</c>).</summary>
    public static string LeafName(JsonObject resource) => ((string)resource["name"]!).Split('/')[^1];

    /// <summary>The function app (the one <c>Microsoft.Web/sites</c> of kind functionapp).</summary>
    public JsonObject FunctionApp() =>
        OfType("Microsoft.Web/sites").Single(s => ((string?)s["kind"])?.Contains("functionapp", StringComparison.Ordinal) == true);

    /// <summary>The function app's app settings, name → value (expressions resolved where they are known before deployment).</summary>
    public IReadOnlyDictionary<string, string?> FunctionAppSettings() => FunctionAppSettings(ArmExpression.Resolve);

    /// <summary>
    /// The function app's app settings with deployment-time values as placeholders naming their source
    /// (<see cref="ArmExpression.ResolveSymbolic"/>), e.g. <c>{{reference({identity id}).clientId}}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string?> FunctionAppSettingsSymbolic() => FunctionAppSettings(ArmExpression.ResolveSymbolic);

    private IReadOnlyDictionary<string, string?> FunctionAppSettings(Func<string?, string?> resolve)
    {
        JsonNode? settings = FunctionApp()["properties"]?["siteConfig"]?["appSettings"];
        if (settings is not JsonArray array)
        {
            throw new InvalidOperationException($"The function app's appSettings are not a list the snapshot could evaluate: {settings?.ToJsonString()}");
        }

        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (JsonObject setting in array.OfType<JsonObject>())
        {
            string name = (string)setting["name"]!;
            if (!result.TryAdd(name, resolve((string?)setting["value"])))
            {
                throw new InvalidOperationException($"App setting {name} is set twice.");
            }
        }

        return result;
    }

    /// <summary>A deep copy (for doctored variants).</summary>
    public Snapshot Clone() => new(Resources.DeepClone().AsArray());

    /// <summary>The JSON of all resources (for failure messages).</summary>
    public override string ToString() => Resources.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
