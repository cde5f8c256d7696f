using VideoGen.Durable;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Tests.Infrastructure;

/// <summary>Orchestrations the management-API tests drive (added beside the app's own workflow).</summary>
public static class TestOrchestrations
{
    public const string WaitForGo = "Test_WaitForGo";
    public const string Echo = "Test_Echo";
    public const string WaitForChunk = "Test_WaitForChunk";
    public const string RenderingRun = "Test_RenderingRun";
    public const string RenderingChunks = "Test_RenderingChunks";

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<string, string>(WaitForGo, async (context, input) =>
        {
            context.SetCustomStatus(new { stage = "waiting", percent = 50 });
            string go = await context.WaitForExternalEvent<string>("Go", TimeSpan.FromMinutes(5));
            return $"{input}:{go}";
        });
        registry.AddActivityFunc<string, string>(Echo, (_, input) => Task.FromResult("echo " + input));
        registry.AddOrchestratorFunc<string, string>(WaitForChunk, async (context, _) =>
        {
            var result = await context.WaitForExternalEvent<VideoGen.Contracts.Gpu.GpuJobResult>(VideoGen.Pipeline.Workflow.WorkflowNames.ChunkRendered, TimeSpan.FromMinutes(5));
            return $"{result.JobId}:{result.Status}";
        });
        registry.AddOrchestratorFunc<string, string>("Test_CallEcho", (context, input) => context.CallActivityAsync<string>(Echo, input));

        // A run-shaped parent whose status names its render sub-orchestration, as BriefToPublish's does.
        registry.AddOrchestratorFunc<string, string>(RenderingRun, async (context, _) =>
        {
            string render = $"{context.InstanceId}:preview:v1";
            context.SetCustomStatus(new RunStatus(RunStages.RenderPreview, 10, 0, 5, "Rendering 5 preview chunks", RenderInstance: render));
            return await context.CallSubOrchestratorAsync<string>(RenderingChunks, null, new SubOrchestrationOptions { InstanceId = render });
        });
        registry.AddOrchestratorFunc<string?, string>(RenderingChunks, async (context, _) =>
        {
            context.SetCustomStatus(new RenderProgress("Interactive", 2, 3));
            return await context.WaitForExternalEvent<string>("Go", TimeSpan.FromMinutes(5));
        });
    }
}

[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;

/// <summary>Builds custom-handler invocation payloads the way the Functions host does.</summary>
public static class Invocations
{
    public static System.Text.Json.Nodes.JsonObject Queue(string messageText, string id, long dequeueCount = 1) => new()
    {
        ["Data"] = new System.Text.Json.Nodes.JsonObject { ["message"] = messageText },
        ["Metadata"] = new System.Text.Json.Nodes.JsonObject
        {
            ["Id"] = id,
            ["PopReceipt"] = "AgAAAAMAAAAAAAAA",
            ["DequeueCount"] = dequeueCount,
            ["InsertionTime"] = DateTimeOffset.UtcNow.ToString("O"),
            ["ExpirationTime"] = DateTimeOffset.UtcNow.AddDays(7).ToString("O"),
            ["NextVisibleTime"] = DateTimeOffset.UtcNow.AddMinutes(10).ToString("O"),
            ["sys"] = new System.Text.Json.Nodes.JsonObject { ["MethodName"] = "test", ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O"), ["RandGuid"] = Guid.NewGuid().ToString() },
        },
    };
}
