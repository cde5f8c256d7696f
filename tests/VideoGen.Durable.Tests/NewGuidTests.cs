using System.Collections.Concurrent;
using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Context values that must be the same on every replay.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class NewGuidTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task NewGuid_AcrossReplays_SameValuesEachEpisodeAndDistinctFromEachOther()
    {
        var recorded = new ConcurrentQueue<Guid[]>();
        await using DurableTestHost host = await DurableTestHost.StartAsync(
            azurite,
            output,
            r => r
                .AddOrchestratorFunc<object?, Guid[]>("Guids", async (ctx, _) =>
                {
                    Guid first = ctx.NewGuid();
                    Guid second = ctx.NewGuid();

                    // Each activity call ends an episode; the next episode replays the lines above and records
                    // what NewGuid returned on that replay.
                    await ctx.CallActivityAsync("Record", new[] { first, second });
                    await ctx.CallActivityAsync("Record", new[] { first, second });
                    Guid third = ctx.NewGuid();
                    await ctx.CallActivityAsync("Record", new[] { first, second, third });
                    return [first, second, third];
                })
                .AddActivityFunc<Guid[], object?>("Record", (_, guids) =>
                {
                    recorded.Enqueue(guids);
                    return Task.FromResult<object?>(null);
                }),
            o => o.InstanceCacheSize = 0); // nothing kept in memory: every episode is a real replay from storage

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Guids");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Guid[] final = result.ReadOutputAs<Guid[]>()!;
        Assert.Equal(3, final.Distinct().Count());
        Assert.DoesNotContain(Guid.Empty, final);
        Assert.True(recorded.Count >= 3, $"Only {recorded.Count} Record executions.");
        Assert.All(recorded, guids => Assert.Equal(final.Take(guids.Length), guids));
    }

    [Fact]
    public async Task NewGuid_TwoInstances_DifferentValues()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, Guid>("OneGuid", (ctx, _) => Task.FromResult(ctx.NewGuid())));

        string a = await host.Client.ScheduleNewOrchestrationInstanceAsync("OneGuid");
        string b = await host.Client.ScheduleNewOrchestrationInstanceAsync("OneGuid");
        OrchestrationMetadata[] results = await host.Client.WaitForAllAsync([a, b]);

        Assert.All(results, DurableAssert.Completed);
        Assert.NotEqual(results[0].ReadOutputAs<Guid>(), results[1].ReadOutputAs<Guid>());
    }
}
