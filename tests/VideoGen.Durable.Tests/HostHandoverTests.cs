using VideoGen.Durable.Storage;
using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>
/// An instance whose episodes move between hosts: a host that processed it earlier may hold a stale copy of
/// its history in memory, and must not let that copy drop or misjudge newer messages.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostHandoverTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ActivityResult_ArrivesAtHostWithStaleCachedHistory_StillApplied(bool deliverActivityResultsLocally)
    {
        string hub = Unique.HubName("handover");
        Action<DurableTaskOptions> configure = o => o.DeliverActivityResultsLocally = deliverActivityResultsLocally;
        static void Register(DurableTaskRegistry r) => r
            .AddOrchestratorFunc<object?, string>("StepWaitStep", async (ctx, _) =>
            {
                string first = await ctx.CallActivityAsync<string>("Step", "one");
                ctx.SetCustomStatus("waiting");
                await ctx.WaitForExternalEvent<string>("Go");
                ctx.SetCustomStatus("got-go");
                string second = await ctx.CallActivityAsync<string>("Step", "two");
                return $"{first}+{second}";
            })
            .AddActivityFunc<string, string>("Step", (_, x) => Task.FromResult(x));

        PausableStorage? aStorage = null;
        PausableStorage? bStorage = null;
        await using DurableTestHost a = await DurableTestHost.StartAsync(
            azurite.ConnectionString, hub, Register, configure, inner => aStorage = new PausableStorage(inner), output, "a");
        await using DurableTestHost b = await DurableTestHost.StartAsync(
            azurite.ConnectionString, hub, Register, configure, inner => bStorage = new PausableStorage(inner), output, "b");
        bStorage!.Pause();

        // Host a runs the first episodes and keeps the instance's history in memory.
        string id = await a.Client.ScheduleNewOrchestrationInstanceAsync("StepWaitStep");
        await a.Client.WaitForCustomStatusAsync(id, "waiting");

        // Host b takes the event and schedules the second step; a's copy is now stale.
        aStorage!.Pause();
        bStorage.Pause(control: false, workItems: true);
        await a.Client.RaiseEventAsync(id, "Go", "now");
        await a.Client.WaitForCustomStatusAsync(id, "got-go");

        // Host a runs the second step and receives its result.
        bStorage.Pause();
        aStorage.Resume();
        OrchestrationMetadata result = await a.Client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));

        DurableAssert.Completed(result);
        Assert.Equal("one+two", result.ReadOutputAs<string>());
    }
}
