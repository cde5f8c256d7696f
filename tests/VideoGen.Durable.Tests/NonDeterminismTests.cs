using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Orchestrator code that no longer matches its history fails the run instead of corrupting it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class NonDeterminismTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Replay_CodeCallsDifferentActivityThanHistory_FailsAsNonDeterministic()
    {
        var codeChanged = new StrongFlag();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using DurableTestHost host = await DurableTestHost.StartAsync(
            azurite,
            output,
            r => r
                .AddOrchestratorFunc<object?, string>("Changing", async (ctx, _) =>
                {
                    // "Deployment" between episodes: the first episode schedules OriginalStep; after the flag flips,
                    // the replay of that episode asks for RenamedStep instead.
                    string first = codeChanged.IsSet
                        ? await ctx.CallActivityAsync<string>("RenamedStep")
                        : await ctx.CallActivityAsync<string>("OriginalStep");
                    return first;
                })
                .AddActivityFunc<object?, string>("OriginalStep", async (_, _) =>
                {
                    firstStarted.TrySetResult();
                    await releaseFirst.Task.WaitAsync(TestTimeouts.Default);
                    return "original";
                })
                .AddActivityFunc<object?, string>("RenamedStep", (_, _) => Task.FromResult("renamed")),
            o => o.InstanceCacheSize = 0); // every episode replays from storage, as after a deployment

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Changing");
        await firstStarted.Task.WaitAsync(TestTimeouts.Default);
        codeChanged.Set();
        releaseFirst.TrySetResult();
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        TaskFailureDetails failure = DurableAssert.Failed(result);
        Assert.Contains("NonDeterministic", failure.ErrorType, StringComparison.Ordinal);
        Assert.Contains("OriginalStep", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("RenamedStep", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_CodeSkipsAScheduledTimer_FailsAsNonDeterministic()
    {
        var codeChanged = new StrongFlag();
        await using DurableTestHost host = await DurableTestHost.StartAsync(
            azurite,
            output,
            r => r
                .AddOrchestratorFunc<object?, string>("ChangingTimer", async (ctx, _) =>
                {
                    if (!codeChanged.IsSet)
                    {
                        ctx.SetCustomStatus("timer-scheduled");
                        await ctx.CreateTimer(TimeSpan.FromSeconds(2), CancellationToken.None);
                    }

                    return await ctx.CallActivityAsync<string>("Step");
                })
                .AddActivityFunc<object?, string>("Step", (_, _) => Task.FromResult("done")),
            o => o.InstanceCacheSize = 0);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("ChangingTimer");
        await host.Client.WaitForCustomStatusAsync(id, "timer-scheduled");
        codeChanged.Set();
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        TaskFailureDetails failure = DurableAssert.Failed(result);
        Assert.Contains("NonDeterministic", failure.ErrorType, StringComparison.Ordinal);
    }

    /// <summary>A flag the test flips while the engine reads it from other threads.</summary>
    private sealed class StrongFlag
    {
        private volatile bool _set;

        public bool IsSet => _set;

        public void Set() => _set = true;
    }
}
