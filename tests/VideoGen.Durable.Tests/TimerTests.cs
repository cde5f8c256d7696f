using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Durable timers and replay-safe time.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task CreateTimer_OneSecond_CompletesAndCurrentTimeIsPastFireTime()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, TimerReport>("Sleep", async (ctx, _) =>
            {
                DateTime started = ctx.CurrentUtcDateTime;
                DateTime fireAt = started + TimeSpan.FromSeconds(1);
                await ctx.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);
                return new TimerReport(started, fireAt, ctx.CurrentUtcDateTime);
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sleep");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        TimerReport report = result.ReadOutputAs<TimerReport>()!;
        Assert.True(report.After >= report.FireAt, $"CurrentUtcDateTime after the timer ({report.After:O}) is before its fire time ({report.FireAt:O}).");
        Assert.True(result.CompletedAt is null || result.CompletedAt.Value.UtcDateTime >= report.FireAt,
            $"The instance completed ({result.CompletedAt:O}) before the timer's fire time ({report.FireAt:O}).");
    }

    [Fact]
    public async Task CreateTimer_TwoTimersInSequence_CurrentTimeAdvancesMonotonically()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, DateTime[]>("TwoSleeps", async (ctx, _) =>
            {
                var seen = new List<DateTime> { ctx.CurrentUtcDateTime };
                await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddMilliseconds(500), CancellationToken.None);
                seen.Add(ctx.CurrentUtcDateTime);
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(500), CancellationToken.None);
                seen.Add(ctx.CurrentUtcDateTime);
                return seen.ToArray();
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("TwoSleeps");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        DateTime[] seen = result.ReadOutputAs<DateTime[]>()!;
        Assert.Equal(3, seen.Length);
        Assert.True(seen[1] >= seen[0].AddMilliseconds(500), $"After the first timer: {seen[1]:O}, started {seen[0]:O}.");
        Assert.True(seen[2] >= seen[1].AddMilliseconds(500), $"After the second timer: {seen[2]:O}, before it {seen[1]:O}.");
    }

    private sealed record TimerReport(DateTime Started, DateTime FireAt, DateTime After);
}
