using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Names nobody registered fail the run with a message naming them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UnknownNameTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task ScheduleNew_UnknownOrchestratorName_FailsNamingIt()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("Known", (_, _) => Task.FromResult("ok")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        TaskFailureDetails failure = DurableAssert.Failed(result);
        Assert.Contains("NoSuchOrchestrator", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivityAsync_UnknownActivityName_OrchestrationFailsNamingIt()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("CallsMissing", (ctx, _) => ctx.CallActivityAsync<string>("NoSuchActivity")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsMissing");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        TaskFailureDetails failure = DurableAssert.Failed(result);
        Assert.Contains("NoSuchActivity", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_UnknownOrchestratorName_ParentFailsNamingIt()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("CallsMissingChild", (ctx, _) => ctx.CallSubOrchestratorAsync<string>("NoSuchChild")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsMissingChild");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Mentions("NoSuchChild", DurableAssert.Failed(result));
    }
}
