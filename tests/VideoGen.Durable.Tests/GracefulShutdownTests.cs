using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>A stopping host hands unfinished work to others at once instead of after the visibility timeout.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GracefulShutdownTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task StopAsync_ActivityStillRunning_ReleasesWorkItemForAnotherHost()
    {
        string hub = Unique.HubName("stop");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<DurableTaskOptions> slowRecovery = o =>
        {
            o.WorkItemVisibilityTimeout = TimeSpan.FromMinutes(5); // only an explicit release can make it visible soon
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(500);
        };

        DurableTestHost first = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, r => r
            .AddActivityFunc<int, int>("Render", async (ctx, x) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken); // a long render that honours cancellation
                return x;
            })
            .AddOrchestratorFunc<int, int>("Job", (ctx, x) => ctx.CallActivityAsync<int>("Render", x)), slowRecovery, output: output, name: "first");

        using var cts = new CancellationTokenSource(TestTimeouts.Default);
        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Job", 7, cancellationToken: cts.Token);
        await started.Task.WaitAsync(cts.Token);
        await first.DisposeAsync();

        var queues = new HubQueues(azurite.ConnectionString, hub);
        IReadOnlyList<string> visible = await HubQueues.PeekTextsAsync(queues.WorkItems, cts.Token);
        Assert.Single(visible); // released, not left hidden for five minutes

        await using DurableTestHost second = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, r => r
            .AddActivityFunc<int, int>("Render", (_, x) => Task.FromResult(x * 10))
            .AddOrchestratorFunc<int, int>("Job", (ctx, x) => ctx.CallActivityAsync<int>("Render", x)), slowRecovery, output: output, name: "second");
        OrchestrationMetadata done = await second.Client.WaitForInstanceCompletionAsync(id, true, cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(70, done.ReadOutputAs<int>());
    }
}
