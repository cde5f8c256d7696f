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
        ["ASPNETCORE_URLS"] = "the local host's listen address; in Azure the Functions host serves HTTP and hands requests to the isolated worker",
    };

    /// <summary>
    /// Keys of the sample that Azure carries in another form, with where: the deployment must not set them as they
    /// are, and the hosting and identity tests check the other form.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SetElsewhereInAzure = new Dictionary<string, string>
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "Flex Consumption takes the worker runtime in functionAppConfig.runtime and refuses the app setting (on Elastic Premium it is an app setting, dotnet-isolated)",
        ["AzureWebJobsStorage"] = "the connection string (Azurite locally) becomes the identity-based AzureWebJobsStorage__* settings: no account key in Azure",
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
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
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
        IEnumerable<string> expected = SampleValues().Keys.Where(k => !LocalOnlySettings.ContainsKey(k) && !SetElsewhereInAzure.ContainsKey(k));

        Assert.Empty(InfraChecks.MissingSettings(snapshots.Full.FunctionAppSettings(), expected));
    }

    [Fact]
    public void MinimalDeployments_SetEverySampleSetting_ExceptLocalOnlyAndOptional()
    {
        IEnumerable<string> expected = SampleValues().Keys
            .Where(k => !LocalOnlySettings.ContainsKey(k) && !OptionalSampleSettings.ContainsKey(k) && !SetElsewhereInAzure.ContainsKey(k)).ToList();

        Assert.Empty(InfraChecks.MissingSettings(snapshots.Minimal.FunctionAppSettings(), expected));
        Assert.Empty(InfraChecks.MissingSettings(snapshots.ElasticPremium.FunctionAppSettings(), expected));
    }

    [Fact]
    public void EveryDeployment_SetsTheSettingsTheAppValidatesAtStartUp()
    {
        Assert.All(snapshots.All, s => Assert.Empty(InfraChecks.MissingSettings(s.FunctionAppSettings(), RequiredInAzure)));
    }

    [Fact]
    public void SetElsewhereList_NamesOnlySampleKeys_NoneOfWhichIsSetAsItIsOnFlex()
    {
        IReadOnlyDictionary<string, string?> sample = SampleValues();

        foreach (string key in SetElsewhereInAzure.Keys)
        {
            Assert.True(sample.ContainsKey(key), $"{key} is listed as set elsewhere but is not in local.settings.sample.json");
            Assert.False(snapshots.Full.FunctionAppSettings().ContainsKey(key), $"{key} is set as an app setting: {SetElsewhereInAzure[key]}");
        }
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
    public void Settings_AgreeWithTheAppAndHostJson()
    {
        IReadOnlyDictionary<string, string?> settings = snapshots.Full.FunctionAppSettings();

        Assert.False(settings.ContainsKey("VideoGen__Mode"), "VideoGen__Mode belonged to the retired custom handler; the isolated app has one mode");
        // host.json's durableTask section drives the Durable extension in Azure; the app's own settings must agree.
        Assert.Equal(HostJson.DurableHubName ?? new FunctionAppOptions().HubName, settings["VideoGen__HubName"]);
        Assert.Equal(HostJson.DurablePartitionCount.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["DurableTask__PartitionCount"]);
        Assert.StartsWith("https://", settings["VideoGen__Run__PublicBaseUrl"], StringComparison.Ordinal);
    }

    [Fact]
    public void DurableTaskHub_UsesTheIdentityBasedStorageConnection()
    {
        // The extension resolves its connection name as a prefix: {name}__accountName etc. are the identity form.
        string connection = HostJson.DurableConnectionName;

        Assert.All(snapshots.All, s =>
        {
            IReadOnlyDictionary<string, string?> settings = s.FunctionAppSettings();
            Assert.False(settings.ContainsKey(connection), $"{connection} is set as a connection string");
            Assert.All(InfraChecks.StorageIdentitySuffixes, suffix => Assert.True(settings.ContainsKey($"{connection}__{suffix}"), $"{connection}__{suffix} is missing"));
        });
    }

    [Fact]
    public void SecretSettings_AreKeyVaultReferencesToSecretsTheDeploymentCreates()
    {
        Assert.Empty(InfraChecks.SecretSettingProblems(snapshots.Full));
        Assert.Empty(InfraChecks.SecretSettingProblems(snapshots.Minimal));

        IReadOnlyDictionary<string, string?> settings = snapshots.Full.FunctionAppSettings();
        int secretSettings = settings.Keys.Count(k => InfraChecks.SecretSettingPatterns.Any(p => InfraChecks.Like(k, p)));
        Assert.Equal(10, secretSettings); // 10 patterns less AzureWebJobsStorage (identity-based), the tenant one matching two tenants
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
    public void FunctionApp_HasAUserAssignedIdentity_ForKeyVaultReferences_AndHttpsOnly()
    {
        Assert.All(snapshots.All, s =>
        {
            JsonObject site = s.FunctionApp();
            Assert.Equal("UserAssigned", (string?)site["identity"]?["type"]);
            Assert.Equal(InfraChecks.UserAssignedIdentity(site), (string?)site["properties"]?["keyVaultReferenceIdentity"]);
            Assert.True((bool?)site["properties"]?["httpsOnly"]);
        });
    }
}
