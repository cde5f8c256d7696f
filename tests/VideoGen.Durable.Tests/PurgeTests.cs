using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Purging finished instances, one by one and by filter.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PurgeTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static void Register(DurableTaskRegistry r) => r
        .AddOrchestratorFunc<string, string>("Hello", async (ctx, name) => await ctx.CallActivityAsync<string>("Greet", name))
        .AddActivityFunc<string, string>("Greet", (_, name) => Task.FromResult(new string('x', 40_000) + name)) // history payload in a blob
        .AddOrchestratorFunc<object?, string>("Waiter", (ctx, _) =>
        {
            ctx.SetCustomStatus("waiting");
            return ctx.WaitForExternalEvent<string>("Go");
        });

    [Fact]
    public async Task PurgeInstanceAsync_CompletedInstance_InstanceIsGone()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, Register);
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Hello", "world");
        DurableAssert.Completed(await host.Client.WaitForCompletionAsync(id));

        PurgeResult purged = await host.Client.PurgeInstanceAsync(id);

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(id));
        Assert.Equal(0, (await host.Client.PurgeInstanceAsync(id)).PurgedInstanceCount);
    }

    [Fact]
    public async Task PurgeAllInstancesAsync_PrefixFilter_PurgesOnlyMatchingFinishedInstances()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, Register);
        string prefix = $"purge-{Guid.NewGuid():N}-";
        string[] matching = Enumerable.Range(0, 3).Select(i => $"{prefix}{i}").ToArray();
        string other = $"keep-{Guid.NewGuid():N}";
        foreach (string id in matching.Append(other))
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync("Hello", id, new StartOrchestrationOptions { InstanceId = id });
        }

        await host.Client.WaitForAllAsync(matching.Append(other));
        await WaitUntilQueryShowsAsync(host.Client, prefix, OrchestrationRuntimeStatus.Completed, matching.Length);

        PurgeResult purged = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter { InstanceIdPrefix = prefix });

        Assert.Equal(3, purged.PurgedInstanceCount);
        foreach (string id in matching)
        {
            Assert.Null(await host.Client.GetInstanceAsync(id));
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(other))?.RuntimeStatus);
        Assert.Equal(0, (await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter { InstanceIdPrefix = prefix })).PurgedInstanceCount);
    }

    [Fact]
    public async Task PurgeInstanceAsync_RunningInstance_ThrowsInvalidOperationException()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, Register);
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForCustomStatusAsync(id, "waiting");

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.PurgeInstanceAsync(id));

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))?.RuntimeStatus);
    }

    /// <summary>The instances table may lag the history; wait until the query sees what the history says.</summary>
    private static Task WaitUntilQueryShowsAsync(DurableTaskClient client, string prefix, OrchestrationRuntimeStatus status, int count)
        => Waits.UntilAsync(
            async ct =>
            {
                int seen = 0;
                var query = new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [status] };
                await foreach (OrchestrationMetadata _ in client.GetAllInstancesAsync(query).WithCancellation(ct))
                {
                    seen++;
                }

                return seen == count;
            },
            $"{count} instances with prefix {prefix} queryable as {status}");
}
