using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace VideoGen.Infra.Tests.Support;

/// <summary>How the function app is hosted: a .NET isolated worker on Flex Consumption or Elastic Premium.</summary>
public static partial class InfraChecks
{
    /// <summary>
    /// App settings the Flex Consumption plan refuses or ignores (the runtime, the Functions version and the
    /// deployment live in <c>functionAppConfig</c>; there is no content share). From Microsoft's "Flex Consumption
    /// plan deprecations" list in the Functions app settings reference.
    /// </summary>
    public static IReadOnlyList<string> FlexRefusedSettings { get; } =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_SKIP_CONTENTSHARE_VALIDATION",
        "WEBSITE_CONTENTOVERVNET", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
        "WEBSITE_NODE_DEFAULT_VERSION", "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD",
    ];

    /// <summary>The .NET version the function app targets (<c>net10.0</c> → <c>10.0</c>), from its project or Directory.Build.props.</summary>
    public static string AppDotnetVersion()
    {
        string? tfm = new[]
            {
                Path.Combine(Repo.Root, "functions", "VideoGen.FunctionApp", "VideoGen.FunctionApp.csproj"),
                Path.Combine(Repo.Root, "Directory.Build.props"),
            }
            .Where(File.Exists)
            .Select(f => XDocument.Load(f).Descendants("TargetFramework").FirstOrDefault()?.Value)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return tfm is not null && tfm.StartsWith("net", StringComparison.Ordinal)
            ? tfm[3..]
            : throw new InvalidOperationException($"No netX.Y TargetFramework for the function app (found '{tfm}').");
    }

    /// <summary>
    /// Problems of the function app's hosting: a Linux .NET isolated worker (<c>dotnet-isolated</c>,
    /// <paramref name="dotnetVersion"/>) with nothing of the custom handler left; on Flex Consumption the runtime and
    /// the identity-based deployment container are in <c>functionAppConfig</c> and no refused setting is set; on
    /// Elastic Premium the worker runtime is an app setting, the stack is <c>DOTNET-ISOLATED|{version}</c> and the
    /// package is a blob fetched with the app's identity (no Azure Files content share, which needs a key).
    /// </summary>
    public static IReadOnlyList<string> FunctionHostingProblems(Snapshot snapshot, string dotnetVersion)
    {
        var problems = new List<string>();
        JsonObject site = snapshot.FunctionApp();
        JsonObject plan = snapshot.Single("Microsoft.Web/serverfarms");
        IReadOnlyDictionary<string, string?> settings = snapshot.FunctionAppSettingsSymbolic();
        string identity = UserAssignedIdentity(site);
        string blob = ServiceUri(StorageAccountName(snapshot), "blob");
        HashSet<string> containers = [.. snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Select(Snapshot.LeafName)];
        JsonNode? config = site["properties"]?["functionAppConfig"];
        string? linuxFx = (string?)site["properties"]?["siteConfig"]?["linuxFxVersion"];

        if ((string?)site["kind"] != "functionapp,linux" || (bool?)plan["properties"]?["reserved"] != true)
        {
            problems.Add($"the function app must be a Linux function app (kind functionapp,linux on a reserved plan), is {site["kind"]}");
        }

        problems.AddRange(settings.Keys.Where(k => k.Contains("CUSTOMHANDLER", StringComparison.OrdinalIgnoreCase))
            .Select(k => $"app setting {k} belongs to the retired custom handler"));

        switch ((string?)plan["sku"]?["tier"])
        {
            case "FlexConsumption":
                if ((string?)plan["sku"]?["name"] != "FC1")
                {
                    problems.Add($"a Flex Consumption plan is sku FC1, is {plan["sku"]?["name"]}");
                }

                if ((string?)config?["runtime"]?["name"] != "dotnet-isolated" || (string?)config?["runtime"]?["version"] != dotnetVersion)
                {
                    problems.Add($"functionAppConfig.runtime must be dotnet-isolated {dotnetVersion}, is {config?["runtime"]?.ToJsonString()}");
                }

                problems.AddRange(FlexRefusedSettings.Where(settings.ContainsKey).Select(k => $"app setting {k} is refused on Flex Consumption"));
                if (linuxFx is not null)
                {
                    problems.Add($"siteConfig.linuxFxVersion is not used on Flex Consumption, is {linuxFx}");
                }

                JsonNode? storage = config?["deployment"]?["storage"];
                string? package = ArmExpression.Resolve((string?)storage?["value"]);
                if ((string?)storage?["type"] != "blobContainer" || package is null || !package.StartsWith(blob, StringComparison.Ordinal)
                    || !containers.Contains(package[blob.Length..]))
                {
                    problems.Add($"the deployment storage must be a container the deployment creates in this account, is {storage?["type"]} {package}");
                }

                if ((string?)storage?["authentication"]?["type"] != "UserAssignedIdentity"
                    || !string.Equals((string?)storage?["authentication"]?["userAssignedIdentityResourceId"], identity, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"the deployment storage must be read with the app's identity, is {storage?["authentication"]?.ToJsonString()}");
                }

                break;

            case "ElasticPremium":
                foreach ((string key, string value) in new Dictionary<string, string> { ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated", ["FUNCTIONS_EXTENSION_VERSION"] = "~4" })
                {
                    if (settings.GetValueOrDefault(key) != value)
                    {
                        problems.Add($"app setting {key} must be {value}, is {settings.GetValueOrDefault(key) ?? "missing"}");
                    }
                }

                if (linuxFx != $"DOTNET-ISOLATED|{dotnetVersion}")
                {
                    problems.Add($"siteConfig.linuxFxVersion must be DOTNET-ISOLATED|{dotnetVersion}, is {linuxFx}");
                }

                problems.AddRange(new[] { "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE" }.Where(settings.ContainsKey)
                    .Select(k => $"app setting {k} puts the app on an Azure Files share, which needs a storage key"));
                string? runFrom = settings.GetValueOrDefault("WEBSITE_RUN_FROM_PACKAGE");
                if (runFrom is null || !runFrom.StartsWith(blob, StringComparison.Ordinal) || !containers.Contains(runFrom[blob.Length..].Split('/')[0]))
                {
                    problems.Add($"WEBSITE_RUN_FROM_PACKAGE must be a blob in a container the deployment creates in this account, is {runFrom}");
                }

                if (!string.Equals(settings.GetValueOrDefault("WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID"), identity, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add("WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID must be the app's identity, so the package is fetched without a SAS");
                }

                if (config is not null)
                {
                    problems.Add("functionAppConfig is for Flex Consumption only");
                }

                break;

            default:
                problems.Add($"the plan must be Flex Consumption or Elastic Premium, is {plan["sku"]?.ToJsonString()}");
                break;
        }

        return problems;
    }
}
