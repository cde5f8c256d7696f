using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VideoGen.Infra.Tests.Support;

/// <summary>How the function app and the GPU worker reach storage: managed identities with data roles, no keys.</summary>
public static partial class InfraChecks
{
    /// <summary>
    /// The identity-based form of the function app's <c>AzureWebJobsStorage</c> connection (host, triggers, Durable
    /// task hub): the setting suffixes after <c>AzureWebJobsStorage__</c>.
    /// </summary>
    public static IReadOnlyList<string> StorageIdentitySuffixes { get; } =
        ["accountName", "blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId"];

    /// <summary>Storage data roles each identity needs on the account (any one role of a group will do).</summary>
    private static readonly (string Who, string[][] Roles)[] RequiredStorageRoles =
    [
        ("function", [["Storage Blob Data Owner"], ["Storage Queue Data Contributor"], ["Storage Table Data Contributor"]]),
        ("worker", [["Storage Blob Data Contributor", "Storage Blob Data Owner"], ["Storage Queue Data Contributor"]]),
    ];

    /// <summary>
    /// Problems of the function app's storage connection: the <c>AzureWebJobsStorage__*</c> identity settings name
    /// this deployment's account and the app's user-assigned identity, and no <c>AzureWebJobsStorage</c> connection
    /// string is set (the host would prefer it).
    /// </summary>
    public static IReadOnlyList<string> FunctionStorageIdentityProblems(Snapshot snapshot)
    {
        var problems = new List<string>();
        IReadOnlyDictionary<string, string?> settings = snapshot.FunctionAppSettingsSymbolic();
        string account = StorageAccountName(snapshot);
        if (settings.TryGetValue("AzureWebJobsStorage", out string? connection))
        {
            problems.Add($"AzureWebJobsStorage is set ({Redact(connection)}): the host would use that connection string, not the identity");
        }

        var expected = new Dictionary<string, string>
        {
            ["accountName"] = account,
            ["blobServiceUri"] = ServiceUri(account, "blob"),
            ["queueServiceUri"] = ServiceUri(account, "queue"),
            ["tableServiceUri"] = ServiceUri(account, "table"),
            ["credential"] = "managedidentity",
            ["clientId"] = $"{{{{reference({UserAssignedIdentity(snapshot.FunctionApp())}).clientId}}}}",
        };
        foreach (string suffix in StorageIdentitySuffixes)
        {
            string key = "AzureWebJobsStorage__" + suffix;
            if (!settings.TryGetValue(key, out string? value))
            {
                problems.Add($"app setting {key} is missing");
            }
            else if (!string.Equals(value, expected[suffix], StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"app setting {key} is {value}, expected {expected[suffix]}");
            }
        }

        return problems;
    }

    /// <summary>
    /// Problems of the GPU worker's storage access: the <c>GpuWorker__Storage__*</c> identity settings name the
    /// account and the worker's identity (also as <c>AZURE_CLIENT_ID</c>), and the container has no secret and no
    /// connection string.
    /// </summary>
    public static IReadOnlyList<string> WorkerStorageIdentityProblems(Snapshot snapshot)
    {
        var problems = new List<string>();
        JsonObject app = snapshot.Single("Microsoft.App/containerApps");
        string account = StorageAccountName(snapshot);
        string clientId = $"{{{{reference({UserAssignedIdentity(app)}).clientId}}}}";
        JsonArray env = app["properties"]?["template"]?["containers"]?[0]?["env"] as JsonArray ?? [];
        Dictionary<string, JsonNode> vars = env.OfType<JsonObject>().ToDictionary(e => (string)e["name"]!, e => (JsonNode)e);
        var expected = new Dictionary<string, string>
        {
            ["GpuWorker__Storage__blobServiceUri"] = ServiceUri(account, "blob"),
            ["GpuWorker__Storage__queueServiceUri"] = ServiceUri(account, "queue"),
            ["GpuWorker__Storage__credential"] = "managedidentity",
            ["GpuWorker__Storage__clientId"] = clientId,
            ["AZURE_CLIENT_ID"] = clientId,
        };
        foreach ((string name, string value) in expected)
        {
            string? actual = vars.TryGetValue(name, out JsonNode? v) ? ArmExpression.ResolveSymbolic((string?)v["value"]) : null;
            if (!string.Equals(actual, value, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"worker environment {name} is {actual ?? "missing"}, expected {value}");
            }
        }

        problems.AddRange(vars.Where(v => v.Value["secretRef"] is not null || v.Key.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase))
            .Select(v => $"worker environment {v.Key} carries a secret or a connection string"));
        if (app["properties"]?["configuration"]?["secrets"] is JsonArray { Count: > 0 } secrets)
        {
            problems.Add($"the worker has Container Apps secrets ({string.Join(", ", secrets.Select(s => (string?)s?["name"]))}); it needs none");
        }

        return problems;
    }

    /// <summary>
    /// Every place the deployment reads the storage account's keys (<c>listKeys</c> on a storage account) or writes a
    /// connection string with <c>AccountKey=</c>: resource, property path. Empty when nothing uses a key.
    /// </summary>
    public static IReadOnlyList<string> StorageKeyUses(Snapshot snapshot)
    {
        var uses = new List<string>();
        foreach (JsonObject resource in snapshot.Resources.OfType<JsonObject>())
        {
            Walk(resource, $"{resource["type"]} {resource["name"]}");
        }

        return uses;

        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach ((string key, JsonNode? child) in o)
                    {
                        Walk(child, $"{path}.{key}");
                    }

                    break;
                case JsonArray a:
                    for (int i = 0; i < a.Count; i++)
                    {
                        Walk(a[i], $"{path}[{i}]");
                    }

                    break;
                case JsonValue v when v.TryGetValue(out string? text) && StorageKeyRead().IsMatch(text):
                    uses.Add(path);
                    break;
            }
        }
    }

    /// <summary>
    /// Problems of the storage role assignments: the function identity and the worker identity each hold the data
    /// roles they need on the account; every assignment is named by a GUID (<c>guid()</c>) and no two share one.
    /// </summary>
    public static IReadOnlyList<string> StorageRoleProblems(Snapshot snapshot)
    {
        var problems = new List<string>();
        string storageId = (string)snapshot.Single("Microsoft.Storage/storageAccounts")["id"]!;
        var principals = new Dictionary<string, string>
        {
            ["function"] = UserAssignedIdentity(snapshot.FunctionApp()),
            ["worker"] = UserAssignedIdentity(snapshot.Single("Microsoft.App/containerApps")),
        };
        IReadOnlyList<JsonObject> assignments = snapshot.OfType("Microsoft.Authorization/roleAssignments");
        foreach ((string who, string[][] groups) in RequiredStorageRoles)
        {
            string principal = $"{{{{reference({principals[who]}).principalId}}}}";
            HashSet<string> held = [.. assignments
                .Where(a => ((string)a["id"]!).StartsWith(storageId + "/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase)
                    && string.Equals(ArmExpression.ResolveSymbolic((string?)a["properties"]?["principalId"]), principal, StringComparison.OrdinalIgnoreCase))
                .Select(a => BuiltInRoles.GetValueOrDefault(((string)a["properties"]!["roleDefinitionId"]!).Split('/')[^1], "?"))];
            problems.AddRange(groups.Where(g => !g.Any(held.Contains))
                .Select(g => $"the {who} identity lacks {string.Join(" or ", g)} on the storage account"));
        }

        problems.AddRange(assignments.Where(a => !Guid.TryParse((string?)a["name"], out _))
            .Select(a => $"role assignment {a["name"]} is not named with a GUID"));
        problems.AddRange(assignments.GroupBy(a => (string?)a["name"]).Where(g => g.Count() > 1)
            .Select(g => $"role assignment name {g.Key} is used {g.Count()} times"));
        return problems;
    }

    /// <summary>The resource id of a resource's one user-assigned identity.</summary>
    public static string UserAssignedIdentity(JsonObject resource) =>
        resource["identity"]?["userAssignedIdentities"] is JsonObject ids && ids.Count == 1
            ? ids.Single().Key
            : throw new InvalidOperationException($"{resource["type"]} {resource["name"]} does not have exactly one user-assigned identity.");

    private static string StorageAccountName(Snapshot snapshot) => Snapshot.LeafName(snapshot.Single("Microsoft.Storage/storageAccounts"));

    private static string ServiceUri(string account, string service) => $"https://{account}.{service}.core.windows.net/";

    private static string Redact(string? value) => value is null ? "null" : Regex.Replace(value, "AccountKey=[^;]*", "AccountKey=***");

    [GeneratedRegex(@"listKeys\([^)]*Microsoft\.Storage/storageAccounts|AccountKey=", RegexOptions.IgnoreCase)]
    private static partial Regex StorageKeyRead();
}
