using System.Text.Json.Nodes;
using VideoGen.FunctionApp.Tests.Support;

namespace VideoGen.FunctionApp.Tests;

/// <summary>
/// The <c>functions.metadata</c> the Worker SDK generated for the app (its build output) lists exactly the functions
/// the code defines, with the routes, methods, queues and blob paths the local host serves from
/// <c>FunctionTable</c>; and the check itself names the function and the field when they differ.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static JsonArray BuildMetadata() =>
        JsonNode.Parse(File.ReadAllText(AppBuild.RequireFile("functions.metadata"))) as JsonArray
        ?? throw new InvalidOperationException("functions.metadata is not a JSON array.");

    private static JsonObject Function(JsonArray metadata, string name) =>
        metadata.OfType<JsonObject>().Single(f => (string?)f["name"] == name);

    private static JsonObject TriggerOf(JsonArray metadata, string name) =>
        Function(metadata, name)["bindings"]!.AsArray().OfType<JsonObject>().Single(b => ((string?)b["type"])!.EndsWith("Trigger", StringComparison.Ordinal));

    [Fact]
    public void BuildOutput_FunctionsMetadata_MatchesFunctionTableAndWorkflowRegistration()
    {
        IReadOnlyList<string> problems = MetadataCheck.Problems(BuildMetadata());
        Assert.True(problems.Count == 0, "functions.metadata differs from the code:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void BuildOutput_ClientFunctions_GetADurableClientBinding()
    {
        JsonArray metadata = BuildMetadata();
        foreach (string name in (string[])["SubmitBrief", "EventGridWebhook", "GetInstances", "InstanceOperation", "Approvals", "PublishedOutputs", "GpuResults", "OnBriefUploaded"])
        {
            Assert.True(Function(metadata, name)["bindings"]!.AsArray().Any(b => (string?)b!["type"] == "durableClient"), $"{name}: no durableClient binding");
        }
    }

    [Fact]
    public void Check_ARouteThatDiffers_NamesTheFunctionAndField()
    {
        JsonArray metadata = BuildMetadata();
        TriggerOf(metadata, "GetInstances")["route"] = "instances/{instanceId?}";
        Assert.Contains("GetInstances: route is 'instances/{instanceId?}', expected 'durabletask/instances/{instanceId?}'", MetadataCheck.Problems(metadata));
    }

    [Fact]
    public void Check_MethodsThatDiffer_AreNamed()
    {
        JsonArray metadata = BuildMetadata();
        TriggerOf(metadata, "TenantPolicy")["methods"] = new JsonArray("get", "put");
        Assert.Contains("TenantPolicy: methods are [get, put], expected [delete, get, put]", MetadataCheck.Problems(metadata));
    }

    [Fact]
    public void Check_ABlobTriggerPolledInsteadOfEventGrid_IsNamed()
    {
        JsonArray metadata = BuildMetadata();
        TriggerOf(metadata, "OnBriefUploaded").Remove("source");
        Assert.Contains("OnBriefUploaded: source is '(absent)', expected 'EventGrid'", MetadataCheck.Problems(metadata));
    }

    [Fact]
    public void Check_AWrongQueue_IsNamed()
    {
        JsonArray metadata = BuildMetadata();
        TriggerOf(metadata, "GpuResults")["queueName"] = "gpu-jobs-batch";
        Assert.Contains("GpuResults: queueName is 'gpu-jobs-batch', expected 'gpu-results'", MetadataCheck.Problems(metadata));
    }

    [Fact]
    public void Check_AMissingActivity_AndAnExtraFunction_AreNamed()
    {
        JsonArray metadata = BuildMetadata();
        JsonObject assemble = Function(metadata, "AssembleClip");
        assemble["name"] = "AssembleClipV2";
        IReadOnlyList<string> problems = MetadataCheck.Problems(metadata);
        Assert.Contains("AssembleClip: missing from functions.metadata (expected an activityTrigger function)", problems);
        Assert.Contains(problems, p => p.StartsWith("AssembleClipV2: in functions.metadata but in neither FunctionTable nor WorkflowRegistration", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_AnOrchestratorWithTheWrongTrigger_IsNamed()
    {
        JsonArray metadata = BuildMetadata();
        TriggerOf(metadata, "RenderChunks")["type"] = "activityTrigger";
        Assert.Contains("RenderChunks: trigger type is 'activityTrigger', expected 'orchestrationTrigger'", MetadataCheck.Problems(metadata));
    }
}
