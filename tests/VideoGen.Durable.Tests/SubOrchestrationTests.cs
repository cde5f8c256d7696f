using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Sub-orchestrations: outputs, failures and derived instance ids.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SubOrchestrationTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task CallSubOrchestratorAsync_ChildCompletes_ReturnsChildOutput()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<int, ChildResult>("Parent", (ctx, x) => ctx.CallSubOrchestratorAsync<ChildResult>("Doubler", x))
            .AddOrchestratorFunc<int, ChildResult>("Doubler", async (ctx, x) =>
            {
                int doubled = await ctx.CallActivityAsync<int>("Double", x);
                return new ChildResult(doubled, ctx.InstanceId, ctx.Parent?.InstanceId);
            })
            .AddActivityFunc<int, int>("Double", (_, x) => Task.FromResult(x * 2)));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 21);
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        ChildResult child = result.ReadOutputAs<ChildResult>()!;
        Assert.Equal(42, child.Value);
        Assert.Equal(id, child.ParentInstanceId);
        Assert.StartsWith(id + ":", child.InstanceId, StringComparison.Ordinal);
        OrchestrationMetadata? childInstance = await host.Client.GetInstanceAsync(child.InstanceId);
        Assert.NotNull(childInstance);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, childInstance.RuntimeStatus);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildThrows_ParentCatchesFailureWithDerivedChildId()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, CaughtFailure>("CatchingParent", async (ctx, _) =>
            {
                try
                {
                    await ctx.CallSubOrchestratorAsync<string>("FailingChild", "x");
                    return new CaughtFailure("", -1, "child did not fail", "");
                }
                catch (SubOrchestrationFailedException e)
                {
                    return new CaughtFailure(e.ChildInstanceId, e.TaskId, e.FailureDetails.ErrorMessage, e.FailureDetails.ErrorType);
                }
            })
            .AddOrchestratorFunc<string, string>("FailingChild", (_, _) => throw new InvalidOperationException("child exploded")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CatchingParent");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        CaughtFailure caught = result.ReadOutputAs<CaughtFailure>()!;
        Assert.Contains("child exploded", caught.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal($"{id}:{caught.TaskId}", caught.ChildInstanceId);
        OrchestrationMetadata child = await host.Client.WaitForCompletionAsync(caught.ChildInstanceId);
        DurableAssert.Mentions("child exploded", DurableAssert.Failed(child));
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildThrowsUncaught_ParentFails()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("CarelessParent", (ctx, _) => ctx.CallSubOrchestratorAsync<string>("FailingChild", "x"))
            .AddOrchestratorFunc<string, string>("FailingChild", (_, _) => throw new InvalidOperationException("child exploded")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CarelessParent");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        TaskFailureDetails failure = DurableAssert.Failed(result);
        DurableAssert.Mentions("FailingChild", failure);
        DurableAssert.Mentions("child exploded", failure);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ExplicitChildId_ChildRunsUnderThatId()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<string, string>("NamingParent", (ctx, childId) =>
                ctx.CallSubOrchestratorAsync<string>("Echo", "hello", new SubOrchestrationOptions { InstanceId = childId }))
            .AddOrchestratorFunc<string, string>("Echo", (ctx, x) => Task.FromResult($"{x} from {ctx.InstanceId}")));

        string childId = $"child-{Guid.NewGuid():N}";
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("NamingParent", childId);
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal($"hello from {childId}", result.ReadOutputAs<string>());
        OrchestrationMetadata? child = await host.Client.GetInstanceAsync(childId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child?.RuntimeStatus);
    }

    private sealed record ChildResult(int Value, string InstanceId, string? ParentInstanceId);

    private sealed record CaughtFailure(string ChildInstanceId, int TaskId, string ErrorMessage, string ErrorType);
}
