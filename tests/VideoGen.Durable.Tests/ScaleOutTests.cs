using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Several hosts on one hub share the work; each instance is processed by one at a time.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScaleOutTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int InstanceCount = 100;
    private const int StepsPerInstance = 3;

    [Fact]
    public async Task TwoHosts_100InstancesOfThreeActivities_EveryInstanceCompletesOnceWithItsOutput()
    {
        string hub = Unique.HubName("scale");
        var executions = new CounterMap();
        var byHost = new CounterMap();
        Action<DurableTaskRegistry> Register(string hostName) => r => r
            .AddOrchestratorFunc<int, int[]>("ThreeSteps", async (ctx, n) =>
            {
                var results = new int[StepsPerInstance];
                for (int step = 0; step < StepsPerInstance; step++)
                {
                    results[step] = await ctx.CallActivityAsync<int>("Step", new StepInput(n, step));
                }

                return results;
            })
            .AddActivityFunc<StepInput, int>("Step", (ctx, x) =>
            {
                executions.Increment(ctx.InstanceId);
                byHost.Increment(hostName);
                return Task.FromResult(x.Number * 10 + x.Step);
            });

        await using DurableTestHost a = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, Register("a"), output: output, name: "a");
        await using DurableTestHost b = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, Register("b"), output: output, name: "b");
        string[] ids = Enumerable.Range(0, InstanceCount).Select(i => $"scale-{i:D3}").ToArray();
        await Task.WhenAll(ids.Chunk(10).Select(async (chunk, c) =>
        {
            DurableTaskClient client = c % 2 == 0 ? a.Client : b.Client;
            foreach (string id in chunk)
            {
                await client.ScheduleNewOrchestrationInstanceAsync("ThreeSteps", int.Parse(id[6..], System.Globalization.CultureInfo.InvariantCulture), new StartOrchestrationOptions { InstanceId = id });
            }
        }));

        OrchestrationMetadata[] results = await a.Client.WaitForAllAsync(ids, TimeSpan.FromSeconds(90));
        await Waits.UntilAsync(new HubQueues(azurite.ConnectionString, hub).AreWorkQueuesEmptyAsync, "the hub's queues to drain");

        output.WriteLine($"Activity executions: {executions.Total} for {InstanceCount * StepsPerInstance} steps; by host: {string.Join(", ", byHost.Snapshot().Select(h => $"{h.Key}={h.Value}"))}");
        foreach (OrchestrationMetadata result in results)
        {
            int n = int.Parse(result.InstanceId[6..], System.Globalization.CultureInfo.InvariantCulture);
            DurableAssert.Completed(result);
            Assert.Equal([n * 10, n * 10 + 1, n * 10 + 2], result.ReadOutputAs<int[]>()!);
            Assert.True(executions[result.InstanceId] >= StepsPerInstance, $"{result.InstanceId}: {executions[result.InstanceId]} activity executions.");
            OrchestrationMetadata? now = await b.Client.GetInstanceAsync(result.InstanceId);
            Assert.Equal(result.ExecutionId, now?.ExecutionId); // no second execution after the queues drained
            Assert.Equal(OrchestrationRuntimeStatus.Completed, now?.RuntimeStatus);
            HistoryInspector.AssertEachTaskOnce(result.InstanceId, await HistoryInspector.LoadAsync(azurite.ConnectionString, hub, result.InstanceId), StepsPerInstance);
        }
    }

    private sealed record StepInput(int Number, int Step);
}
