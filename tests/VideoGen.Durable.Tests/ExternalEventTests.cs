using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>External events: buffered before the wait, delivered after it, in order, and against a timeout.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExternalEventTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task RaiseEventAsync_BeforeTheOrchestrationWaits_EventIsKeptAndDelivered()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("SleepThenWait", async (ctx, _) =>
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);
                ctx.SetCustomStatus("waiting");
                return await ctx.WaitForExternalEvent<string>("Approval");
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("SleepThenWait");
        await host.Client.RaiseEventAsync(id, "Approval", "early");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal("early", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RaiseEventAsync_WhileTheOrchestrationWaits_ResumesIt()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("Wait", async (ctx, _) =>
            {
                ctx.SetCustomStatus("waiting");
                string value = await ctx.WaitForExternalEvent<string>("Approval");
                return $"got {value}";
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait");
        OrchestrationMetadata waiting = await host.Client.WaitForCustomStatusAsync(id, "waiting");
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        await host.Client.RaiseEventAsync(id, "Approval", "late");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal("got late", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RaiseEventAsync_SameNameThreeTimes_DeliveredInOrder()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, int[]>("Collect", async (ctx, _) =>
            {
                ctx.SetCustomStatus("waiting");
                var items = new List<int>();
                for (int i = 0; i < 3; i++)
                {
                    items.Add(await ctx.WaitForExternalEvent<int>("Item"));
                }

                return items.ToArray();
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Collect");
        await host.Client.WaitForCustomStatusAsync(id, "waiting");
        foreach (int item in new[] { 1, 2, 3 })
        {
            await host.Client.RaiseEventAsync(id, "Item", item);
        }

        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal([1, 2, 3], result.ReadOutputAs<int[]>()!);
    }

    [Fact]
    public async Task RaiseEventAsync_ManyBeforeTheOrchestrationStarts_AllKeptInOrder()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, int[]>("CollectLater", async (ctx, _) =>
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);
                var items = new List<int>();
                for (int i = 0; i < 5; i++)
                {
                    items.Add(await ctx.WaitForExternalEvent<int>("Item"));
                }

                return items.ToArray();
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CollectLater");
        for (int item = 1; item <= 5; item++)
        {
            await host.Client.RaiseEventAsync(id, "Item", item);
        }

        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal([1, 2, 3, 4, 5], result.ReadOutputAs<int[]>()!);
    }

    [Fact]
    public async Task WaitForExternalEvent_NothingRaisedWithinTimeout_ThrowsTimeoutException()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("WaitBriefly", async (ctx, _) =>
            {
                try
                {
                    await ctx.WaitForExternalEvent<string>("Never", TimeSpan.FromSeconds(1));
                    return "event";
                }
                catch (TimeoutException)
                {
                    return "timeout";
                }
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitBriefly");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal("timeout", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeALongTimeout_ReturnsTheEventWithoutWaitingForTheTimer()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("WaitLong", async (ctx, _) =>
            {
                ctx.SetCustomStatus("waiting");
                try
                {
                    return await ctx.WaitForExternalEvent<string>("Approval", TimeSpan.FromHours(1));
                }
                catch (TimeoutException)
                {
                    return "timeout";
                }
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitLong");
        await host.Client.WaitForCustomStatusAsync(id, "waiting");
        await host.Client.RaiseEventAsync(id, "Approval", "approved");

        // Bounded far below the hour: the cancelled timer must not keep the instance running.
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));

        DurableAssert.Completed(result);
        Assert.Equal("approved", result.ReadOutputAs<string>());
    }
}
