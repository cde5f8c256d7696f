using System.Collections.Concurrent;
using System.Diagnostics;
using VideoGen.Durable.Telemetry;
using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>One trace spans the hops: the client's span → episodes → activities, carried inside messages.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Spans_OfOneRun_ShareTheCallersTrace()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is DurableTelemetry.SourceName or "VideoGen.Durable.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource("VideoGen.Durable.Tests");

        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddActivityFunc<int, int>("Double", (_, x) => Task.FromResult(x * 2))
            .AddOrchestratorFunc<int, int>("TwoHops", async (ctx, x) =>
            {
                int a = await ctx.CallActivityAsync<int>("Double", x);
                return await ctx.CallActivityAsync<int>("Double", a);
            }));

        string instanceId;
        ActivityTraceId traceId;
        using (Activity caller = testSource.StartActivity("cms upload")!)
        {
            traceId = caller.TraceId;
            instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync("TwoHops", 3);
        }

        using var cts = new CancellationTokenSource(TestTimeouts.Default);
        OrchestrationMetadata done = await host.Client.WaitForInstanceCompletionAsync(instanceId, true, cts.Token);
        Assert.Equal(12, done.ReadOutputAs<int>());

        // Spans stop when their episode ends, which can be just after the client sees Completed.
        List<Activity> ours = [];
        while (true)
        {
            ours = spans.Where(s => s.Source.Name == DurableTelemetry.SourceName && Equals(s.GetTagItem("durable.instance_id"), instanceId)).ToList();
            if ((ours.Count(s => s.DisplayName.StartsWith("orchestration", StringComparison.Ordinal)) >= 3
                    && ours.Count(s => s.DisplayName == "activity Double") >= 2) || cts.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Equal(2, ours.Count(s => s.DisplayName == "activity Double"));
        Assert.True(ours.Count(s => s.DisplayName.StartsWith("orchestration", StringComparison.Ordinal)) >= 3, "expected an episode span per hop");
        Assert.All(ours, s => Assert.Equal(traceId, s.TraceId));
    }
}
