using System.Collections.Concurrent;
using VideoGen.Durable.Storage;
using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>
/// A timer due later than one queue visibility delay can reach (7 days on Azure; lowered here) is sent with the
/// longest allowed delay and re-armed on each early arrival until it is due; it never fires early.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerRearmTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task CreateTimer_BeyondMaxVisibilityDelay_IsReArmedAndFiresOnlyWhenDue()
    {
        var delays = new ConcurrentQueue<TimeSpan>();
        await using DurableTestHost host = await DurableTestHost.StartAsync(
            azurite.ConnectionString,
            Unique.HubName("rearm"),
            r => r.AddOrchestratorFunc<object?, DateTime[]>("LongTimer", async (ctx, _) =>
            {
                DateTime due = ctx.CurrentUtcDateTime.AddSeconds(5.5); // room for two re-arms even with slow queue hops
                await ctx.CreateTimer(due, CancellationToken.None);
                return [due, ctx.CurrentUtcDateTime];
            }),
            o => o.MaxTimerVisibilityDelay = TimeSpan.FromSeconds(1),
            decorate: inner => new DelayRecorder(inner, delays),
            output: output);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("LongTimer");
        OrchestrationMetadata done = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(done);
        DateTime[] times = done.ReadOutputAs<DateTime[]>()!;
        Assert.True(times[1] >= times[0], $"resumed at {times[1]:O}, before the timer was due at {times[0]:O}");
        TimeSpan[] timerSends = delays.Where(d => d > TimeSpan.Zero).ToArray();
        Assert.True(timerSends.Length >= 3, $"expected the first send and at least two re-arms, saw delays [{string.Join(", ", timerSends)}]");
        Assert.All(timerSends, d => Assert.True(d <= TimeSpan.FromSeconds(1), $"a timer was sent with {d}, above the 1 s ceiling"));
    }

    /// <summary>Records the visibility delay of every control-queue send.</summary>
    private sealed class DelayRecorder(IDurableStorage inner, ConcurrentQueue<TimeSpan> delays) : DelegatingDurableStorage(inner)
    {
        public override Task<VideoGen.Durable.History.MessageReceipt> SendAsync(string queueName, string text, TimeSpan? visibilityDelay, CancellationToken ct)
        {
            if (queueName.Contains("-control-", StringComparison.Ordinal))
            {
                delays.Enqueue(visibilityDelay ?? TimeSpan.Zero);
            }

            return base.SendAsync(queueName, text, visibilityDelay, ct);
        }
    }
}
