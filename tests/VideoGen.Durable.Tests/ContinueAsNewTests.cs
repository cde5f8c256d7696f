using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>ContinueAsNew: eternal loops with bounded history, and events that carry over.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContinueAsNewTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task ContinueAsNew_CounterUntilFive_CompletesWithFive()
    {
        var generations = new CounterMap();
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<int, int>("Count", async (ctx, n) =>
            {
                await ctx.CallActivityAsync("Visit", n);
                if (n < 5)
                {
                    ctx.ContinueAsNew(n + 1);
                }

                return n;
            })
            .AddActivityFunc<int, object?>("Visit", (_, n) =>
            {
                generations.Increment(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return Task.FromResult<object?>(null);
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Count", 0);
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal(5, result.ReadOutputAs<int>());
        Assert.Equal(5, result.ReadInputAs<int>());
        Assert.All(Enumerable.Range(0, 6), n => Assert.True(generations[n.ToString(System.Globalization.CultureInfo.InvariantCulture)] >= 1, $"Generation {n} never ran."));
    }

    [Fact]
    public async Task ContinueAsNew_PreserveUnprocessedEvents_EventRaisedDuringOldGenerationReachesNewOne()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<Generation, string>("CarryOver", async (ctx, state) =>
            {
                if (state.Number == 0)
                {
                    string first = await ctx.WaitForExternalEvent<string>("First");
                    ctx.SetCustomStatus("got-first");
                    await ctx.CreateTimer(TimeSpan.FromSeconds(3), CancellationToken.None); // the window in which the test raises "Second"
                    ctx.ContinueAsNew(new Generation(1, first), preserveUnprocessedEvents: true);
                    return "continued";
                }

                try
                {
                    string second = await ctx.WaitForExternalEvent<string>("Second", TimeSpan.FromSeconds(15));
                    return state.Carried + second;
                }
                catch (TimeoutException)
                {
                    return "lost";
                }
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CarryOver", new Generation(0, ""));
        await host.Client.RaiseEventAsync(id, "First", "A");
        OrchestrationMetadata firstGeneration = await host.Client.WaitForCustomStatusAsync(id, "got-first");
        await host.Client.RaiseEventAsync(id, "Second", "B");
        OrchestrationMetadata? afterRaise = await host.Client.GetInstanceAsync(id);
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        Assert.Equal(firstGeneration.ExecutionId, afterRaise?.ExecutionId); // "Second" was raised during generation 0
        DurableAssert.Completed(result);
        Assert.Equal("AB", result.ReadOutputAs<string>());
        Assert.NotEqual(firstGeneration.ExecutionId, result.ExecutionId);
    }

    private sealed record Generation(int Number, string Carried);
}
