using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Client control of running instances: terminate, suspend and resume.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LifecycleTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static void RegisterWaiter(DurableTaskRegistry r) => r
        .AddOrchestratorFunc<object?, string>("Waiter", async (ctx, _) =>
        {
            ctx.SetCustomStatus("waiting");
            string value = await ctx.WaitForExternalEvent<string>("Go");
            ctx.SetCustomStatus("done");
            return $"went {value}";
        });

    [Fact]
    public async Task TerminateInstanceAsync_WaitingInstance_TerminatedWithGivenOutput()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, RegisterWaiter);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForCustomStatusAsync(id, "waiting");
        await host.Client.TerminateInstanceAsync(id, "stopped by test");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("stopped by test", result.ReadOutputAs<string>());
        await Assert.ThrowsAsync<OrchestrationNotRunningException>(() => host.Client.RaiseEventAsync(id, "Go", "too late"));
    }

    [Fact]
    public async Task SuspendInstanceAsync_EventRaisedWhileSuspended_NoProgressUntilResumed()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, RegisterWaiter);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForCustomStatusAsync(id, "waiting");
        await host.Client.SuspendInstanceAsync(id, "maintenance");
        await host.Client.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Suspended);

        await host.Client.RaiseEventAsync(id, "Go", "after resume");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several polling intervals: time enough to (wrongly) act on the event
        OrchestrationMetadata? suspended = await host.Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended?.RuntimeStatus);
        Assert.Equal("waiting", suspended?.ReadCustomStatusAs<string>());

        await host.Client.ResumeInstanceAsync(id, "maintenance over");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal("went after resume", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TerminateInstanceAsync_SuspendedInstance_Terminated()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, RegisterWaiter);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForCustomStatusAsync(id, "waiting");
        await host.Client.SuspendInstanceAsync(id);
        await host.Client.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await host.Client.TerminateInstanceAsync(id, "gave up");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("gave up", result.ReadOutputAs<string>());
    }
}
