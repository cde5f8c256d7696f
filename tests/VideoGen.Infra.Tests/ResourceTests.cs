using System.Text.Json.Nodes;
using VideoGen.Contracts;
using VideoGen.Contracts.Gpu;
using VideoGen.Functions.Hosting;
using VideoGen.Infra.Tests.Support;
using VideoGen.Pipeline.Accounting;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Infra.Tests;

/// <summary>Storage, ingestion, the GPU worker, identities and tags, as the deployment would create them.</summary>
public sealed class ResourceTests(SnapshotFixture snapshots) : IClassFixture<SnapshotFixture>
{
    private static readonly string Hub = HostJson.DurableHubName ?? new FunctionAppOptions().HubName;
    private static readonly string[] JobQueues = [GpuQueues.Interactive, GpuQueues.Batch];

    private static IEnumerable<string> Leaves(Snapshot s, string type) => s.OfType(type).Select(Snapshot.LeafName);

    [Fact]
    public void Storage_IsStorageV2_Tls12_NoPublicBlobs_HttpsOnly()
    {
        JsonObject account = snapshots.Full.Single("Microsoft.Storage/storageAccounts");
        JsonNode p = account["properties"]!;

        Assert.Equal("StorageV2", (string?)account["kind"]);
        Assert.Equal("TLS1_2", (string?)p["minimumTlsVersion"]);
        Assert.False((bool?)p["allowBlobPublicAccess"]);
        Assert.True((bool?)p["supportsHttpsTrafficOnly"]);
        Assert.All(snapshots.Full.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", (string?)c["properties"]?["publicAccess"]));
    }

    [Fact]
    public void Storage_HasEveryQueueTheFunctionAppAndTheWorkerUse()
    {
        HashSet<string> queues = [.. Leaves(snapshots.Minimal, "Microsoft.Storage/storageAccounts/queueServices/queues")];
        var expected = new List<string> { GpuQueues.Interactive, GpuQueues.Batch, GpuQueues.Results, GpuQueues.Poison };
        foreach (string queue in FunctionCatalogSource.Load().QueueTriggerQueues)
        {
            expected.Add(queue);
            expected.Add($"{queue}-poison"); // the host's poison queue after maxDequeueCount
        }

        Assert.All(expected, q => Assert.True(queues.Contains(q), $"queue {q} is not created"));
    }

    [Fact]
    public void Storage_LeavesTheTaskHubToTheDurableExtension()
    {
        // The extension creates {hub}-control-NN, {hub}-workitems, {hub}Instances/History and its lease and
        // large-message containers at start-up, with the partition count of host.json: one source of truth.
        string hub = Hub.ToLowerInvariant();

        Assert.All(snapshots.All, s =>
        {
            Assert.DoesNotContain(Leaves(s, "Microsoft.Storage/storageAccounts/queueServices/queues"), q => q.StartsWith(hub + "-", StringComparison.Ordinal));
            Assert.DoesNotContain(Leaves(s, "Microsoft.Storage/storageAccounts/blobServices/containers"), c => c.StartsWith(hub + "-", StringComparison.Ordinal));
            Assert.DoesNotContain(Leaves(s, "Microsoft.Storage/storageAccounts/tableServices/tables"), t => t.StartsWith(Hub, StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public void Storage_HasTheContainersAndTablesTheAppUses()
    {
        HashSet<string> containers = [.. Leaves(snapshots.Minimal, "Microsoft.Storage/storageAccounts/blobServices/containers")];
        HashSet<string> tables = [.. Leaves(snapshots.Minimal, "Microsoft.Storage/storageAccounts/tableServices/tables")];

        Assert.Subset(containers, new HashSet<string>
        {
            BlobLayout.CmsUploadsContainer, BlobLayout.PublishedContainer, BlobLayout.PoliciesContainer, new GenerationOptions().WorkContainer,
        });
        Assert.Subset(tables, new HashSet<string>
        {
            ApprovalRedemptions.DefaultTableName, CostLedger.DefaultTableName, AuditTrail.DefaultTableName,
        });
    }

    [Fact]
    public void BriefSubscription_DeliversBlobCreatedForBriefsToTheBlobExtensionWebhookOfOnBriefUploaded()
    {
        FunctionCatalog functions = FunctionCatalogSource.Load();

        Assert.Empty(InfraChecks.BriefSubscriptionProblems(snapshots.Full, functions));
        Assert.Empty(InfraChecks.BriefSubscriptionProblems(snapshots.ElasticPremium, functions));
    }

    [Fact]
    public void BriefFunction_IsABlobTriggerWithTheEventGridSource_OnTheUploadsContainer()
    {
        Assert.Empty(InfraChecks.BriefTriggerProblems(FunctionCatalogSource.Load(), "OnBriefUploaded"));
    }

    [Fact]
    public void BriefSubscription_IsLeftOutUntilTheAppPackageIsDeployed()
    {
        Assert.Empty(snapshots.Minimal.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        JsonObject topic = snapshots.Minimal.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["properties"]?["topicType"]);
        Assert.EndsWith("/providers/Microsoft.Storage/storageAccounts/" + Snapshot.LeafName(snapshots.Minimal.Single("Microsoft.Storage/storageAccounts")),
            (string?)topic["properties"]?["source"], StringComparison.Ordinal);
    }

    [Fact]
    public void GpuWorker_ScalesOnBothJobQueuesWithItsIdentity()
    {
        Assert.Empty(InfraChecks.ScaleRuleProblems(snapshots.Full, JobQueues));
        Assert.Empty(InfraChecks.ScaleRuleProblems(snapshots.Minimal, JobQueues));
    }

    [Fact]
    public void GpuWorker_RunsOnAGpuProfile_WithItsSettingsAndAGracePeriodForACheckpoint()
    {
        JsonObject app = snapshots.Full.Single("Microsoft.App/containerApps");
        JsonObject env = snapshots.Full.Single("Microsoft.App/managedEnvironments");
        JsonNode template = app["properties"]!["template"]!;
        string profile = (string)app["properties"]!["workloadProfileName"]!;
        JsonNode? gpuProfile = env["properties"]!["workloadProfiles"]!.AsArray().SingleOrDefault(w => (string?)w?["name"] == profile);

        Assert.NotNull(gpuProfile);
        Assert.Matches("^(Consumption-GPU-|NC)", (string?)gpuProfile["workloadProfileType"]);
        Assert.InRange((int)template["terminationGracePeriodSeconds"]!, 60, 600);
        Assert.Equal(0, (int)template["scale"]!["minReplicas"]!);
        JsonObject container = template["containers"]!.AsArray().Single()!.AsObject();
        Assert.Equal("contosoacr.azurecr.io/videogen-gpu-worker:1.0.0", (string?)container["image"]);
        Dictionary<string, JsonNode> envVars = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.False(envVars.ContainsKey("GpuWorker__StorageConnectionString"), "in Azure the worker uses GpuWorker__Storage__* with its identity");
        Assert.Equal("Cuda", (string?)envVars["Inference__ExecutionProvider"]["value"]);
        Assert.All(envVars.Keys, k => Assert.Matches("^((GpuWorker|Inference)__|APPLICATIONINSIGHTS_CONNECTION_STRING$|AZURE_CLIENT_ID$)", k));
        Assert.True(envVars.ContainsKey("APPLICATIONINSIGHTS_CONNECTION_STRING"), "the worker exports its metrics to Application Insights");
        Assert.Null(app["properties"]!["configuration"]!["secrets"]);
    }

    [Fact]
    public void RoleAssignments_UseTheExpectedBuiltInRoles_NoManagementRole()
    {
        IReadOnlyList<JsonObject> assignments = snapshots.Full.OfType("Microsoft.Authorization/roleAssignments");
        var byRole = assignments.Select(a => ((string)a["properties"]!["roleDefinitionId"]!).Split('/')[^1]).ToList();

        Assert.All(byRole, id => Assert.True(InfraChecks.BuiltInRoles.ContainsKey(id), $"role {id} is not one of the expected built-in roles"));
        Assert.Equal(1, byRole.Count(r => InfraChecks.BuiltInRoles[r] == "Key Vault Secrets User")); // function app (the worker reads no secret)
        Assert.Equal(2, byRole.Count(r => InfraChecks.BuiltInRoles[r] == "Storage Queue Data Contributor")); // function app, worker (and its scaler)
        Assert.Equal(2, byRole.Count(r => InfraChecks.BuiltInRoles[r] == "Storage Blob Data Contributor")); // worker, Event Grid dead-lettering
        Assert.Contains(byRole, r => InfraChecks.BuiltInRoles[r] == "Storage Blob Data Owner");
        Assert.Contains(byRole, r => InfraChecks.BuiltInRoles[r] == "Storage Table Data Contributor");
        Assert.Contains(byRole, r => InfraChecks.BuiltInRoles[r] == "AcrPull");
        Assert.Contains(byRole, r => InfraChecks.BuiltInRoles[r] == "EventGrid Data Sender");
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", (string?)a["properties"]?["principalType"]));
        Assert.Equal(assignments.Count, assignments.Select(a => (string)a["name"]!).Distinct().Count());
    }

    [Fact]
    public void KeyVault_UsesRbac_AndHoldsEverySecretTheSettingsReference()
    {
        JsonObject vault = snapshots.Full.Single("Microsoft.KeyVault/vaults");

        Assert.True((bool?)vault["properties"]?["enableRbacAuthorization"]);
        Assert.Null(vault["properties"]?["accessPolicies"]);
        Assert.All(snapshots.Full.OfType("Microsoft.KeyVault/vaults/secrets"),
            s => Assert.StartsWith("[", (string?)s["properties"]?["value"], StringComparison.Ordinal)); // from parameters or listKeys, never a literal
    }

    [Fact]
    public void EveryTopLevelResource_IsTagged_AndNamedFromTheAbbreviations()
    {
        JsonObject abbreviations = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Infra, "abbreviations.json")))!.AsObject();
        HashSet<string> prefixes = [.. abbreviations.Select(a => (string)a.Value!)];
        foreach (JsonObject r in snapshots.Full.Resources.OfType<JsonObject>())
        {
            string type = (string)r["type"]!;
            if (type.Count(c => c == '/') != 1 || type == "Microsoft.Authorization/roleAssignments")
            {
                continue; // child resources and role assignments take no tags
            }

            Assert.True(r["tags"]?["azd-env-name"] is not null && r["tags"]?["app"] is not null, $"{type} {r["name"]} is not tagged");
            string name = (string)r["name"]!;
            Assert.True(prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && name.Contains("test", StringComparison.Ordinal),
                $"{type} {name} is not named {{abbreviation}}-{{environment}}-{{token}}");
        }
    }
}
