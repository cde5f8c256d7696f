using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Scheduling an instance id that is already in use.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InstanceIdReuseTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task ScheduleNew_ExistingIdDefaultPolicy_ThrowsOrchestrationAlreadyExistsException()
    {
        var runs = new Counter();
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => Register(r, runs));
        string id = $"dup-{Guid.NewGuid():N}";
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Once", null, new StartOrchestrationOptions { InstanceId = id });
        DurableAssert.Completed(await host.Client.WaitForCompletionAsync(id));

        var e = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Once", null, new StartOrchestrationOptions { InstanceId = id }));

        Assert.Equal(id, e.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, e.Status);
    }

    [Fact]
    public async Task ScheduleNew_ExistingIdStartIfAbsent_ReturnsIdWithoutSecondRun()
    {
        var runs = new Counter();
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => Register(r, runs));
        string id = $"dup-{Guid.NewGuid():N}";
        var options = new StartOrchestrationOptions { InstanceId = id, IfExists = InstanceIdReusePolicy.StartIfAbsent };

        string first = await host.Client.ScheduleNewOrchestrationInstanceAsync("Once", null, options);
        string second = await host.Client.ScheduleNewOrchestrationInstanceAsync("Once", null, options); // likely before the first start is processed
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);
        string third = await host.Client.ScheduleNewOrchestrationInstanceAsync("Once", null, options); // after it finished
        await WaitForQueuesDrainedAsync(host.HubName);

        Assert.Equal(id, first);
        Assert.Equal(id, second);
        Assert.Equal(id, third);
        DurableAssert.Completed(result);
        Assert.Equal(1, runs.Value);
        OrchestrationMetadata? final = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, final?.RuntimeStatus);
        Assert.Equal(result.ExecutionId, final?.ExecutionId);
    }

    [Fact]
    public async Task ScheduleNew_FinishedIdReplaceTerminal_RunsAgain()
    {
        var runs = new Counter();
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => Register(r, runs));
        string id = $"dup-{Guid.NewGuid():N}";
        var options = new StartOrchestrationOptions { InstanceId = id, IfExists = InstanceIdReusePolicy.ReplaceTerminal };
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Once", null, options);
        OrchestrationMetadata first = await host.Client.WaitForCompletionAsync(id);

        await host.Client.ScheduleNewOrchestrationInstanceAsync("Once", null, options);
        OrchestrationMetadata second = await host.Client.WaitForStateAsync(
            id, m => m.IsCompleted && m.ExecutionId != first.ExecutionId, "a second, finished execution");

        DurableAssert.Completed(second);
        Assert.Equal(2, runs.Value);
    }

    private static void Register(DurableTaskRegistry r, Counter runs) => r
        .AddOrchestratorFunc<object?, int>("Once", async (ctx, _) => await ctx.CallActivityAsync<int>("CountRun"))
        .AddActivityFunc<object?, int>("CountRun", (_, _) => Task.FromResult(runs.Increment()));

    /// <summary>Every control and work-item message consumed: a duplicate start can no longer start anything.</summary>
    private Task WaitForQueuesDrainedAsync(string hub)
    {
        var queues = new HubQueues(azurite.ConnectionString, hub);
        return Waits.UntilAsync(queues.AreWorkQueuesEmptyAsync, "the hub's control and work-item queues to drain");
    }
}
