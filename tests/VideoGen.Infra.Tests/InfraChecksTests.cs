using System.Text.Json.Nodes;
using VideoGen.Infra.Tests.Support;

namespace VideoGen.Infra.Tests;

/// <summary>The checks fail when they should: doctored snapshots (a setting removed, a rule gone, a filter widened).</summary>
public sealed class InfraChecksTests(SnapshotFixture snapshots) : IClassFixture<SnapshotFixture>
{
    /// <summary>An isolated app's functions (the doctored checks must not depend on the state of functions/).</summary>
    private static readonly FunctionCatalog IsolatedApp = FunctionCatalogSource.FromMetadata(FunctionCatalogSourceTests.IsolatedMetadata);

    private static JsonArray Settings(Snapshot s) => s.FunctionApp()["properties"]!["siteConfig"]!["appSettings"]!.AsArray();

    [Fact]
    public void MissingSettings_RemovedSetting_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonArray settings = Settings(doctored);
        settings.Remove(settings.Single(s => (string?)s?["name"] == "VideoGen__Provenance__PrivateKeyPem"));

        Assert.Equal(["app setting VideoGen__Provenance__PrivateKeyPem is missing"],
            InfraChecks.MissingSettings(doctored.FunctionAppSettings(), FunctionAppSettingsTests.RequiredInAzure));
    }

    [Fact]
    public void SecretSettingProblems_PlainValueOrUnknownSecret_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonArray settings = Settings(doctored);
        settings.Single(s => (string?)s?["name"] == "Integrations__CmsCallback__SigningSecret")!["value"] = "committed-secret";
        JsonArray resources = doctored.Resources;
        resources.Remove(resources.Single(r => ((string?)r?["name"])?.EndsWith("/approval-token-key", StringComparison.Ordinal) == true));

        IReadOnlyList<string> problems = InfraChecks.SecretSettingProblems(doctored);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Integrations__CmsCallback__SigningSecret is a secret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("VideoGen__ApprovalTokens__Keys__0__Secret references secret approval-token-key", StringComparison.Ordinal));
    }

    [Fact]
    public void ScaleRuleProblems_RuleRemovedOrSecretAuth_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonArray rules = doctored.Single("Microsoft.App/containerApps")["properties"]!["template"]!["scale"]!["rules"]!.AsArray();
        rules.RemoveAt(1);
        JsonNode rule = rules[0]!["azureQueue"]!;
        rule.AsObject().Remove("identity");
        rule["auth"] = new JsonArray(new JsonObject { ["secretRef"] = "storage-connection-string", ["triggerParameter"] = "connection" });

        Assert.Equal(
            ["the gpu-jobs-interactive rule authenticates with a secret (a connection string); it must use the app's identity", "no azure-queue scale rule watches gpu-jobs-batch"],
            InfraChecks.ScaleRuleProblems(doctored, ["gpu-jobs-interactive", "gpu-jobs-batch"]));
    }

    [Fact]
    public void BriefSubscriptionProblems_WiderFilterOrUnknownFunction_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonNode p = doctored.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!;
        p["filter"]!["subjectBeginsWith"] = "/blobServices/default/containers/";
        p["filter"]!["includedEventTypes"] = new JsonArray("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted");
        string url = (string)p["destination"]!["properties"]!["endpointUrl"]!;
        p["destination"]!["properties"]!["endpointUrl"] = url.Replace("'OnBriefUploaded'", "'OnBriefUploadedV2'", StringComparison.Ordinal);

        IReadOnlyList<string> problems = InfraChecks.BriefSubscriptionProblems(doctored, IsolatedApp);

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, x => x.StartsWith("includedEventTypes", StringComparison.Ordinal));
        Assert.Contains(problems, x => x.StartsWith("subjectBeginsWith", StringComparison.Ordinal));
        Assert.Contains(problems, x => x.Contains("Host.Functions.OnBriefUploadedV2, which is not a function of the app", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/runtime/webhooks/blobs?", "/runtime/webhooks/eventgrid?")] // the Event Grid trigger's webhook, not the blob extension's
    [InlineData(".systemKeys.blobs_extension", ".masterKey")] // not the blob extension's system key
    [InlineData("/host/default'", "x/host/default'")] // another app's key
    public void BriefSubscriptionProblems_NotTheBlobExtensionWebhookOfThisApp_IsReported(string from, string to)
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonNode destination = doctored.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!["destination"]!;
        string url = (string)destination["properties"]!["endpointUrl"]!;
        Assert.Contains(from, url, StringComparison.Ordinal);
        destination["properties"]!["endpointUrl"] = url.Replace(from, to, StringComparison.Ordinal);

        Assert.Single(InfraChecks.BriefSubscriptionProblems(doctored, IsolatedApp));
    }

    [Fact]
    public void BriefSubscriptionProblems_AzureFunctionDestination_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonNode p = doctored.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!;
        p["destination"] = new JsonObject
        {
            ["endpointType"] = "AzureFunction",
            ["properties"] = new JsonObject { ["resourceId"] = (string)doctored.FunctionApp()["id"]! + "/functions/OnBriefUploaded" },
        };

        Assert.Contains(InfraChecks.BriefSubscriptionProblems(doctored, IsolatedApp),
            x => x.StartsWith("destination must be a WebHook to https://{app host}/runtime/webhooks/blobs", StringComparison.Ordinal));
    }

    [Fact]
    public void BriefTriggerProblems_IsolatedBlobTriggerWithEventGridSource_IsFine_OtherTriggersAreReported()
    {
        FunctionCatalog isolated = FunctionCatalogSource.FromMetadata(FunctionCatalogSourceTests.IsolatedMetadata);
        FunctionCatalog polling = FunctionCatalogSource.FromMetadata(FunctionCatalogSourceTests.IsolatedMetadata.Replace(", \"source\": \"EventGrid\"", "", StringComparison.Ordinal));
        FunctionCatalog eventGridTrigger = FunctionCatalogSource.FromMetadata("""
            [ { "name": "OnBriefUploaded", "bindings": [ { "name": "e", "direction": "In", "type": "eventGridTrigger" } ] } ]
            """);

        Assert.Empty(InfraChecks.BriefTriggerProblems(isolated, "OnBriefUploaded"));
        Assert.Equal(["OnBriefUploaded's blob trigger must have source EventGrid (the webhook delivers nothing to a polling trigger), has "],
            InfraChecks.BriefTriggerProblems(polling, "OnBriefUploaded"));
        Assert.Contains("OnBriefUploaded must be a blobTrigger, is eventGridTrigger", InfraChecks.BriefTriggerProblems(eventGridTrigger, "OnBriefUploaded"));
        Assert.Equal(["the app has no function Missing with a trigger"], InfraChecks.BriefTriggerProblems(isolated, "Missing"));
    }

    [Fact]
    public void FunctionStorageIdentityProblems_ConnectionStringOrAnotherIdentity_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonArray settings = Settings(doctored);
        settings.Add(new JsonObject { ["name"] = "AzureWebJobsStorage", ["value"] = "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=c2VjcmV0" });
        JsonNode clientId = settings.Single(s => (string?)s?["name"] == "AzureWebJobsStorage__clientId")!;
        clientId["value"] = ((string)clientId["value"]!).Replace("/id-func-", "/id-gpu-", StringComparison.Ordinal);

        IReadOnlyList<string> problems = InfraChecks.FunctionStorageIdentityProblems(doctored);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, x => x.StartsWith("AzureWebJobsStorage is set (DefaultEndpointsProtocol=https;AccountName=x;AccountKey=***)", StringComparison.Ordinal));
        Assert.Contains(problems, x => x.StartsWith("app setting AzureWebJobsStorage__clientId is {{reference(", StringComparison.Ordinal) && x.Contains("/id-gpu-", StringComparison.Ordinal));
    }

    [Fact]
    public void StorageKeyUses_AConnectionStringSecret_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        string storage = (string)doctored.Single("Microsoft.Storage/storageAccounts")["id"]!;
        doctored.Resources.Add(new JsonObject
        {
            ["type"] = "Microsoft.KeyVault/vaults/secrets",
            ["name"] = "kv/storage-connection-string",
            ["properties"] = new JsonObject { ["value"] = $"[format('AccountKey={{0}}', listKeys('{storage}', '2025-01-01').keys[0].value)]" },
        });

        Assert.Equal(["Microsoft.KeyVault/vaults/secrets kv/storage-connection-string.properties.value"], InfraChecks.StorageKeyUses(doctored));
    }

    [Fact]
    public void WorkerStorageIdentityProblems_SecretOrMissingIdentitySetting_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonObject app = doctored.Single("Microsoft.App/containerApps");
        JsonArray env = app["properties"]!["template"]!["containers"]![0]!["env"]!.AsArray();
        env.Remove(env.Single(e => (string?)e?["name"] == "AZURE_CLIENT_ID"));
        env.Add(new JsonObject { ["name"] = "GpuWorker__StorageConnectionString", ["secretRef"] = "storage-connection-string" });
        app["properties"]!["configuration"]!["secrets"] = new JsonArray(new JsonObject { ["name"] = "storage-connection-string" });

        IReadOnlyList<string> problems = InfraChecks.WorkerStorageIdentityProblems(doctored);

        Assert.Equal(3, problems.Count);
        Assert.Contains("worker environment AZURE_CLIENT_ID is missing, expected {{reference(", problems[0], StringComparison.Ordinal);
        Assert.Contains(problems, x => x == "worker environment GpuWorker__StorageConnectionString carries a secret or a connection string");
        Assert.Contains(problems, x => x.StartsWith("the worker has Container Apps secrets (storage-connection-string)", StringComparison.Ordinal));
    }

    [Fact]
    public void StorageRoleProblems_MissingRoleOrDuplicateName_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonArray resources = doctored.Resources;
        JsonObject workerQueue = doctored.OfType("Microsoft.Authorization/roleAssignments").Single(a =>
            ((string?)a["properties"]?["principalId"])!.Contains("/id-gpu-", StringComparison.Ordinal)
            && ((string?)a["properties"]?["roleDefinitionId"])!.EndsWith("974c5e8b-45b9-4653-ba55-5f855dd0fb88", StringComparison.Ordinal));
        resources.Remove(workerQueue);
        JsonObject[] assignments = [.. doctored.OfType("Microsoft.Authorization/roleAssignments")];
        assignments[1]["name"] = assignments[0]["name"]!.DeepClone();

        IReadOnlyList<string> problems = InfraChecks.StorageRoleProblems(doctored);

        Assert.Contains("the worker identity lacks Storage Queue Data Contributor on the storage account", problems);
        Assert.Contains(problems, x => x.StartsWith("role assignment name ", StringComparison.Ordinal) && x.EndsWith(" is used 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionHostingProblems_RefusedSettingOrWrongRuntime_IsReported()
    {
        Snapshot flex = snapshots.Full.Clone();
        Settings(flex).Add(new JsonObject { ["name"] = "FUNCTIONS_WORKER_RUNTIME", ["value"] = "custom" });
        flex.FunctionApp()["properties"]!["functionAppConfig"]!["runtime"]!["version"] = "8.0";
        Snapshot premium = snapshots.ElasticPremium.Clone();
        Settings(premium).Remove(Settings(premium).Single(s => (string?)s?["name"] == "WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID"));
        Settings(premium).Add(new JsonObject { ["name"] = "WEBSITE_CONTENTSHARE", ["value"] = "share" });

        IReadOnlyList<string> flexProblems = InfraChecks.FunctionHostingProblems(flex, "10.0");
        IReadOnlyList<string> premiumProblems = InfraChecks.FunctionHostingProblems(premium, "10.0");

        Assert.Equal(2, flexProblems.Count);
        Assert.Contains(flexProblems, x => x.StartsWith("functionAppConfig.runtime must be dotnet-isolated 10.0", StringComparison.Ordinal));
        Assert.Contains("app setting FUNCTIONS_WORKER_RUNTIME is refused on Flex Consumption", flexProblems);
        Assert.Equal(2, premiumProblems.Count);
        Assert.Contains("app setting WEBSITE_CONTENTSHARE puts the app on an Azure Files share, which needs a storage key", premiumProblems);
        Assert.Contains(premiumProblems, x => x.StartsWith("WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[format('{0}{1}/)', format('@Microsoft.KeyVault(SecretUri=https://{0}{1}/secrets/', 'kv-a', environment().suffixes.keyvaultDns), 's1')]", "@Microsoft.KeyVault(SecretUri=https://kv-a.vault.azure.net/secrets/s1/)")]
    [InlineData("plain", "plain")]
    [InlineData("[[escaped]", "[[escaped]")]
    [InlineData("[concat('a', 'it''s')]", "ait's")]
    [InlineData("[reference('x', '2020-01-01').ConnectionString]", null)]
    [InlineData("[parameters('secret')]", null)]
    public void ArmExpression_Resolve_KnownOrNull(string value, string? expected) =>
        Assert.Equal(expected, ArmExpression.Resolve(value));

    [Theory]
    [InlineData("[reference('/x/id-a', '2024-11-30').clientId]", "{{reference(/x/id-a).clientId}}")]
    [InlineData("[format('https://{0}/w?code={1}', reference('/x/site', '2025-03-01').defaultHostName, listKeys('/x/site/host/default', '2024-04-01').systemKeys.blobs_extension)]",
        "https://{{reference(/x/site).defaultHostName}}/w?code={{listKeys(/x/site/host/default).systemKeys.blobs_extension}}")]
    [InlineData("[listKeys('/x/st', '2025-01-01').keys[0].value]", "{{listKeys(/x/st).keys.0.value}}")]
    [InlineData("[format('{0}', environment().suffixes.storage)]", "core.windows.net")]
    [InlineData("[parameters('secret')]", null)]
    public void ArmExpression_ResolveSymbolic_NamesDeploymentTimeSources(string value, string? expected) =>
        Assert.Equal(expected, ArmExpression.ResolveSymbolic(value));
}
