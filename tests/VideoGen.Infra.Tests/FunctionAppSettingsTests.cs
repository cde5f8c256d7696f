using System.Text.Json.Nodes;
using VideoGen.Functions.Hosting;
using VideoGen.Infra.Tests.Support;

namespace VideoGen.Infra.Tests;

/// <summary>The function app's settings, as the deployment would set them, against what the app reads.</summary>
public sealed class FunctionAppSettingsTests(SnapshotFixture snapshots) : IClassFixture<SnapshotFixture>
{
    /// <summary>
    /// Keys of local.settings.sample.json that are not set in Azure, each with the reason. Everything else in the
    /// sample must be an app setting.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LocalOnlySettings = new Dictionary<string, string>
    {
        ["AzureWebJobsFeatureFlags"] = "empty in the sample: the app needs no host feature flag",
        ["VideoGen__WatchUploads"] = "local mode only: the cms-uploads watcher; in Azure Event Grid delivers BlobCreated",
        ["VideoGen__WatchInterval"] = "local mode only: the cms-uploads watcher's interval",
        ["VideoGen__MaxPollingInterval"] = "local mode only: the app's own queue pollers; under the host, host.json extensions.queues applies",
        ["VideoGen__Telemetry__Console"] = "development console exporter",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "a local OTLP collector; in Azure telemetry goes to Application Insights",
        ["ASPNETCORE_URLS"] = "the Functions host gives the handler its port (FUNCTIONS_CUSTOMHANDLER_PORT)",
    };

    /// <summary>Keys of the sample that only some deployments set (optional integrations), with the switch.</summary>
    public static readonly IReadOnlyDictionary<string, string> OptionalSampleSettings = new Dictionary<string, string>
    {
        ["VideoGen__AdminKey"] = "enableAdminKey",
        ["VideoGen__TenantKeys__contoso"] = "tenantIds (one setting per tenant)",
    };

    /// <summary>Settings without which the app fails at start-up or cannot run in Azure (options validated at start-up).</summary>
    public static readonly IReadOnlyList<string> RequiredInAzure =
    [
        "FUNCTIONS_EXTENSION_VERSION",
        "FUNCTIONS_WORKER_RUNTIME",
        FunctionAppSetup.StorageSetting,
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_CONTENTSHARE",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "VideoGen__Mode",
        "VideoGen__HubName",
        "VideoGen__Run__PublicBaseUrl",
        "VideoGen__ApprovalTokens__CurrentKeyId",
        "VideoGen__ApprovalTokens__Keys__0__Id",
        "VideoGen__ApprovalTokens__Keys__0__Secret",
        "VideoGen__Provenance__KeyId",
        "VideoGen__Provenance__PrivateKeyPem",
        "Integrations__CmsCallback__SigningSecret",
        "DurableTask__PartitionCount",
    ];

    private static IReadOnlyDictionary<string, string?> SampleValues()
    {
        JsonObject values = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "local.settings.sample.json")))!["Values"]!.AsObject();
        return values.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
    }

    [Fact]
    public void FullDeployment_SetsEverySampleSetting_ExceptTheLocalOnlyOnes()
    {
        IEnumerable<string> expected = SampleValues().Keys.Where(k => !LocalOnlySettings.ContainsKey(k));

        Assert.Empty(InfraChecks.MissingSettings(snapshots.Full.FunctionAppSettings(), expected));
    }

    [Fact]
    public void MinimalDeployment_SetsEverySampleSetting_ExceptLocalOnlyAndOptional()
    {
        IEnumerable<string> expected = SampleValues().Keys.Where(k => !LocalOnlySettings.ContainsKey(k) && !OptionalSampleSettings.ContainsKey(k));

        Assert.Empty(InfraChecks.MissingSettings(snapshots.Minimal.FunctionAppSettings(), expected));
    }

    [Fact]
    public void BothDeployments_SetTheSettingsTheAppValidatesAtStartUp()
    {
        Assert.Empty(InfraChecks.MissingSettings(snapshots.Full.FunctionAppSettings(), RequiredInAzure));
        Assert.Empty(InfraChecks.MissingSettings(snapshots.Minimal.FunctionAppSettings(), RequiredInAzure));
    }

    [Fact]
    public void LocalOnlyList_NamesOnlySampleKeys_NoneOfWhichIsSetInAzure()
    {
        IReadOnlyDictionary<string, string?> sample = SampleValues();
        IReadOnlyDictionary<string, string?> settings = snapshots.Full.FunctionAppSettings();

        foreach (string key in LocalOnlySettings.Keys.Concat(OptionalSampleSettings.Keys))
        {
            Assert.True(sample.ContainsKey(key), $"{key} is listed as local-only or optional but is not in local.settings.sample.json");
        }

        foreach (string key in LocalOnlySettings.Keys)
        {
            Assert.False(settings.ContainsKey(key), $"{key} is local-only ({LocalOnlySettings[key]}) but the deployment sets it");
        }
    }

    [Fact]
    public void Settings_RunTheCustomHandlerUnderTheFunctionsHost()
    {
        IReadOnlyDictionary<string, string?> settings = snapshots.Full.FunctionAppSettings();

        Assert.Equal("custom", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("~4", settings["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.True(Enum.TryParse(settings["VideoGen__Mode"], out HostingMode mode), $"VideoGen__Mode '{settings["VideoGen__Mode"]}' is not a HostingMode");
        Assert.Equal(HostingMode.FunctionsHost, mode);
        Assert.Equal(new FunctionAppOptions().HubName, settings["VideoGen__HubName"]);
        int controlFunctions = FunctionCatalogSource.Load().Functions.Count(f => f.Name.StartsWith("DurableControl", StringComparison.Ordinal));
        Assert.Equal(controlFunctions.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["DurableTask__PartitionCount"]);
        Assert.StartsWith("https://", settings["VideoGen__Run__PublicBaseUrl"], StringComparison.Ordinal);
    }

    [Fact]
    public void SecretSettings_AreKeyVaultReferencesToSecretsTheDeploymentCreates()
    {
        Assert.Empty(InfraChecks.SecretSettingProblems(snapshots.Full));
        Assert.Empty(InfraChecks.SecretSettingProblems(snapshots.Minimal));

        IReadOnlyDictionary<string, string?> settings = snapshots.Full.FunctionAppSettings();
        int secretSettings = settings.Keys.Count(k => InfraChecks.SecretSettingPatterns.Any(p => InfraChecks.Like(k, p)));
        Assert.Equal(12, secretSettings); // 11 patterns, the tenant one matching two tenants
    }

    [Fact]
    public void OptionalIntegrations_AreConfiguredOnlyWhenSwitchedOn()
    {
        IReadOnlyDictionary<string, string?> full = snapshots.Full.FunctionAppSettings();
        IReadOnlyDictionary<string, string?> minimal = snapshots.Minimal.FunctionAppSettings();

        foreach (string prefix in new[] { "Integrations__Email__", "Integrations__ContentSafety__", "Integrations__Teams__", "VideoGen__Approvals__", "VideoGen__TenantKeys__" })
        {
            Assert.Contains(full.Keys, k => k.StartsWith(prefix, StringComparison.Ordinal));
            // A section with any key binds as configured, and then its validation demands the rest.
            Assert.DoesNotContain(minimal.Keys, k => k.StartsWith(prefix, StringComparison.Ordinal));
        }

        Assert.Equal("StartTls", full["Integrations__Email__Security"]);
        Assert.Contains("*.eventgrid.azure.net", full.Where(kv => kv.Key.StartsWith("Integrations__OutboundAllowList__AllowedHosts__", StringComparison.Ordinal)).Select(kv => kv.Value));
        Assert.Contains("cs-test.cognitiveservices.azure.com", full.Where(kv => kv.Key.StartsWith("Integrations__OutboundAllowList__AllowedHosts__", StringComparison.Ordinal)).Select(kv => kv.Value));
        Assert.DoesNotContain(full.Keys, k => k.Contains("AllowLoopbackHttp", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_IsALinuxElasticPremiumAppWithAUserAssignedIdentity()
    {
        JsonObject site = snapshots.Full.Single("Microsoft.Web/sites");
        JsonObject plan = snapshots.Full.Single("Microsoft.Web/serverfarms");

        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]?["type"]);
        string identity = site["identity"]!["userAssignedIdentities"]!.AsObject().Single().Key;
        Assert.Equal(identity, (string?)site["properties"]?["keyVaultReferenceIdentity"]);
        Assert.True((bool?)site["properties"]?["httpsOnly"]);
        Assert.Equal("ElasticPremium", (string?)plan["sku"]?["tier"]);
        Assert.True((bool?)plan["properties"]?["reserved"]);
    }
}
