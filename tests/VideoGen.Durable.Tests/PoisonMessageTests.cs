using Azure;
using VideoGen.Durable.Storage;
using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Messages that cannot be processed end on the poison queue, and the instance records why.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PoisonMessageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static void Register(DurableTaskRegistry r) => r
        .AddOrchestratorFunc<int, int>("Increment", async (ctx, x) => await ctx.CallActivityAsync<int>("PlusOne", x))
        .AddActivityFunc<int, int>("PlusOne", (_, x) => Task.FromResult(x + 1));

    [Fact]
    public async Task ControlQueue_GarbageMessage_MovedToPoisonQueueAndOtherInstancesComplete()
    {
        string hub = Unique.HubName("poison");
        await using DurableTestHost host = await DurableTestHost.StartAsync(
            azurite.ConnectionString, hub, Register, o => o.MaxDequeueCount = 3, output: output);
        var queues = new HubQueues(azurite.ConnectionString, hub);
        await queues.Control(0).CreateIfNotExistsAsync();
        string garbage = $"garbage not json {Guid.NewGuid():N} ;; [[ ]]"; // nothing a JSON encoder would escape
        await queues.Control(0).SendMessageAsync(garbage);

        // Instances on the same partition as the garbage, so they share its queue.
        var names = new TaskHubNames(hub, 4);
        string[] ids = Enumerable.Range(0, 1000).Select(i => $"healthy-{i}").Where(id => names.PartitionOf(id) == 0).Take(3).ToArray();
        foreach (string id in ids)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync("Increment", 41, new StartOrchestrationOptions { InstanceId = id });
        }

        OrchestrationMetadata[] results = await host.Client.WaitForAllAsync(ids);
        await Waits.UntilAsync(
            async ct => (await HubQueues.PeekTextsAsync(queues.Poison, ct)).Any(t => t.Contains(garbage, StringComparison.Ordinal)),
            "the garbage message on the poison queue");
        await Waits.UntilAsync(
            async ct => !(await HubQueues.PeekTextsAsync(queues.Control(0), ct)).Any(t => t.Contains(garbage, StringComparison.Ordinal))
                && (await queues.Control(0).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount == 0,
            "the garbage message gone from the control queue");

        Assert.All(results, m =>
        {
            DurableAssert.Completed(m);
            Assert.Equal(42, m.ReadOutputAs<int>());
        });
    }

    [Fact]
    public async Task HistoryWrite_AlwaysFailsForOneInstance_InstanceFailsAsPoisonAfterMaxDequeueCount()
    {
        string hub = Unique.HubName("poisonhist");
        string doomed = $"doomed-{Guid.NewGuid():N}";
        string healthy = $"healthy-{Guid.NewGuid():N}";
        var failingWrites = new Counter();
        await using DurableTestHost host = await DurableTestHost.StartAsync(
            azurite.ConnectionString,
            hub,
            Register,
            o => o.MaxDequeueCount = 3,
            decorate: inner => new FailingHistoryWrites(inner, doomed, failingWrites),
            output: output);

        await host.Client.ScheduleNewOrchestrationInstanceAsync("Increment", 1, new StartOrchestrationOptions { InstanceId = doomed });
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Increment", 1, new StartOrchestrationOptions { InstanceId = healthy });
        OrchestrationMetadata healthyResult = await host.Client.WaitForCompletionAsync(healthy);
        OrchestrationMetadata doomedResult = await host.Client.WaitForCompletionAsync(doomed);

        DurableAssert.Completed(healthyResult);
        Assert.Equal(2, healthyResult.ReadOutputAs<int>());
        TaskFailureDetails failure = DurableAssert.Failed(doomedResult);
        DurableAssert.Mentions("poison", failure);
        Assert.True(failingWrites.Value >= 3, $"Only {failingWrites.Value} history writes were attempted before giving up; MaxDequeueCount is 3.");
        var queues = new HubQueues(azurite.ConnectionString, hub);
        await Waits.UntilAsync(
            async ct => (await HubQueues.PeekTextsAsync(queues.Poison, ct)).Any(t => t.Contains(doomed, StringComparison.Ordinal)),
            "the doomed instance's message on the poison queue");
    }

    /// <summary>Every history write of one instance fails, as if its partition were broken; others pass.</summary>
    private sealed class FailingHistoryWrites(IDurableStorage inner, string instanceId, Counter failures) : DelegatingDurableStorage(inner)
    {
        public override Task<ETag> WriteHistoryBatchAsync(string id, IReadOnlyList<VideoGen.Durable.Storage.HistoryRow> rows, SentinelRow? sentinel, CancellationToken ct)
        {
            if (id == instanceId)
            {
                failures.Increment();
                throw new IOException($"Injected failure writing the history of '{id}'.");
            }

            return base.WriteHistoryBatchAsync(id, rows, sentinel, ct);
        }
    }
}
