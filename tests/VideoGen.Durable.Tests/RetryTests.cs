using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Retry policies declared on activity calls.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly RetryPolicy ThreeAttempts = new(3, TimeSpan.FromMilliseconds(200));

    [Fact]
    public async Task CallActivityAsync_FailsTwiceThenSucceeds_CompletesAfterThreeAttempts()
    {
        var attempts = new Counter();
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("Retrying", (ctx, _) =>
                ctx.CallActivityAsync<string>("Flaky", null, TaskOptions.FromRetryPolicy(ThreeAttempts)))
            .AddActivityFunc<object?, string>("Flaky", (_, _) =>
                attempts.Increment() < 3 ? throw new InvalidOperationException("transient failure") : Task.FromResult("ok")));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retrying");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal("ok", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts.Value);
    }

    [Fact]
    public async Task CallActivityAsync_AlwaysFails_OrchestrationFailsAfterMaxAttempts()
    {
        var attempts = new Counter();
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("RetryingInVain", (ctx, _) =>
                ctx.CallActivityAsync<string>("AlwaysFails", null, TaskOptions.FromRetryPolicy(ThreeAttempts)))
            .AddActivityFunc<object?, string>("AlwaysFails", (_, _) =>
            {
                attempts.Increment();
                throw new InvalidOperationException("always broken");
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("RetryingInVain");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        TaskFailureDetails failure = DurableAssert.Failed(result);
        DurableAssert.Mentions("AlwaysFails", failure);
        DurableAssert.Mentions("always broken", failure);
        Assert.Equal(3, attempts.Value);
    }

    [Fact]
    public async Task CallActivityAsync_HandlePredicateRejectsFailure_NoRetry()
    {
        var attempts = new Counter();
        var policy = new RetryPolicy(3, TimeSpan.FromMilliseconds(200))
        {
            Handle = failure => !failure.ErrorMessage.Contains("permanent", StringComparison.Ordinal),
        };
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("RetryingSelectively", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("FailsPermanently", null, TaskOptions.FromRetryPolicy(policy));
                }
                catch (TaskFailedException e)
                {
                    return $"caught {e.TaskName}: {e.FailureDetails.ErrorMessage}";
                }
            })
            .AddActivityFunc<object?, string>("FailsPermanently", (_, _) =>
            {
                attempts.Increment();
                throw new InvalidOperationException("permanent failure");
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("RetryingSelectively");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal("caught FailsPermanently: permanent failure", result.ReadOutputAs<string>());
        Assert.Equal(1, attempts.Value);
    }

    [Fact]
    public async Task CallActivityAsync_ActivityThrowsNonRetriableException_NoRetry()
    {
        var attempts = new Counter();
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("RetryingNonRetriable", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("RefusesForGood", null, TaskOptions.FromRetryPolicy(ThreeAttempts));
                }
                catch (TaskFailedException e)
                {
                    return $"non-retriable={e.FailureDetails.IsNonRetriable}";
                }
            })
            .AddActivityFunc<object?, string>("RefusesForGood", (_, _) =>
            {
                attempts.Increment();
                throw new NonRetriableException("bad input, retrying cannot help");
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("RetryingNonRetriable");
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal("non-retriable=True", result.ReadOutputAs<string>());
        Assert.Equal(1, attempts.Value);
    }
}
