using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Activities called in sequence and fanned out.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ActivityTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task CallActivityAsync_ThreeInSequence_EachSeesThePreviousResult()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<string, string>("Chain", async (ctx, input) =>
            {
                string text = input;
                foreach (string suffix in new[] { "a", "b", "c" })
                {
                    text = await ctx.CallActivityAsync<string>("Append", new AppendInput(text, suffix));
                }

                return text;
            })
            .AddActivityFunc<AppendInput, string>("Append", (_, x) => Task.FromResult($"{x.Text}-{x.Suffix}")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Chain", "start");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal("start-a-b-c", result.ReadOutputAs<string>());
        Assert.Equal("start", result.ReadInputAs<string>());
        Assert.Equal("Chain", result.Name);
    }

    [Fact]
    public async Task CallActivityAsync_FanOutOf500_SumsEveryResult()
    {
        var executions = new Counter();
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<int, long>("FanOut", async (ctx, count) =>
            {
                Task<long>[] squares = Enumerable.Range(1, count).Select(i => ctx.CallActivityAsync<long>("Square", i)).ToArray();
                long[] results = await Task.WhenAll(squares);
                return results.Sum();
            })
            .AddActivityFunc<int, long>("Square", (_, i) =>
            {
                executions.Increment();
                return Task.FromResult((long)i * i);
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 500);
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(120));

        DurableAssert.Completed(result);
        long expected = Enumerable.Range(1, 500).Sum(i => (long)i * i);
        Assert.Equal(expected, result.ReadOutputAs<long>());
        Assert.True(executions.Value >= 500, $"Only {executions.Value} activity executions for 500 results.");
    }

    private sealed record AppendInput(string Text, string Suffix);
}
