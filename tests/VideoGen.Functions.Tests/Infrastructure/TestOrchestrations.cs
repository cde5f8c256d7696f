using Microsoft.DurableTask;
using VideoGen.DurableHost;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Tests.Infrastructure;

/// <summary>Orchestrations the management-API tests drive (added beside the app's own workflow).</summary>
public static class TestOrchestrations
{
    public const string WaitForGo = nameof(TestWaitForGo);
    public const string Echo = nameof(TestEcho);
    public const string CallEcho = nameof(TestCallEcho);
    public const string WaitForChunk = nameof(TestWaitForChunk);
    public const string RenderingRun = nameof(TestRenderingRun);
    public const string RenderingChunks = nameof(TestRenderingChunks);

    public static void Register(TaskRegistry registry) => registry
        .AddOrchestrator<TestWaitForGo>().AddActivity<TestEcho>().AddOrchestrator<TestCallEcho>().AddOrchestrator<TestWaitForChunk>()
        .AddOrchestrator<TestRenderingRun>().AddOrchestrator<TestRenderingChunks>();
}

public sealed class TestWaitForGo : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SetCustomStatus(new { stage = "waiting", percent = 50 });
        string go = await context.WaitForExternalEvent<string>("Go", TimeSpan.FromMinutes(5));
        return $"{input}:{go}";
    }
}

public sealed class TestEcho : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult("echo " + input);
}

public sealed class TestCallEcho : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => context.CallActivityAsync<string>(TestOrchestrations.Echo, input);
}

public sealed class TestWaitForChunk : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        var result = await context.WaitForExternalEvent<VideoGen.Contracts.Gpu.GpuJobResult>(WorkflowNames.ChunkRendered, TimeSpan.FromMinutes(5));
        return $"{result.JobId}:{result.Status}";
    }
}

/// <summary>A run-shaped parent whose status names its render sub-orchestration, as BriefToPublish's does.</summary>
public sealed class TestRenderingRun : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        string render = $"{context.InstanceId}:preview:v1";
        context.SetCustomStatus(new RunStatus(RunStages.RenderPreview, 10, 0, 5, "Rendering 5 preview chunks", RenderInstance: render));
        return await context.CallSubOrchestratorAsync<string>(TestOrchestrations.RenderingChunks, null, new SubOrchestrationOptions { InstanceId = render });
    }
}

public sealed class TestRenderingChunks : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        context.SetCustomStatus(new RenderProgress("Interactive", 2, 3));
        return await context.WaitForExternalEvent<string>("Go", TimeSpan.FromMinutes(5));
    }
}

[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
