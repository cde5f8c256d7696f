namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>
/// The workload of the fault-injection tests. Each of <see cref="InstanceCount"/> instances first runs one
/// activity and continues as new (so clean-up of the replaced execution's history is on the path), then calls activity <c>Add</c> four times in sequence
/// (the first with a 60 KB input, so large payloads go through blobs) and four times fanned out. Every
/// <c>Add</c> returns 1, so a correct run outputs exactly <see cref="ExpectedSum"/> however often an
/// activity ran (at-least-once); the execution counts are kept here, per instance and per step.
/// </summary>
internal sealed class CrashScenario
{
    public const string OrchestratorName = "CrashScenario";
    public const int InstanceCount = 3;
    public const int ExpectedSum = 8;
    public const int PaddingChars = 60 * 1024;

    /// <param name="connectionString">Azurite.</param>
    /// <param name="slowStep">
    /// Make step 2 outlast half the work-item visibility timeout, so the engine renews the work item's lease
    /// (<c>SetVisibilityAsync</c>); only the runs that crash there pay for it.
    /// </param>
    /// <param name="deliverActivityResultsLocally">The engine option: results handed to the local session, or sent through the control queue.</param>
    public CrashScenario(string connectionString, bool slowStep = false, bool deliverActivityResultsLocally = true)
    {
        ConnectionString = connectionString;
        SlowStep = slowStep;
        DeliverActivityResultsLocally = deliverActivityResultsLocally;
        InstanceIds = Enumerable.Range(0, InstanceCount).Select(i => $"crash-{i}").ToArray();
    }

    public string ConnectionString { get; }

    public bool SlowStep { get; }

    public bool DeliverActivityResultsLocally { get; }

    /// <summary>How long the slow step takes: well past the first renewal at half of <see cref="Configure"/>'s 2 s.</summary>
    public static TimeSpan SlowStepDuration { get; } = TimeSpan.FromSeconds(1.8);

    /// <summary>A hub of its own, shared by the host that crashes and the one that recovers.</summary>
    public string HubName { get; } = Unique.HubName("crash");

    public IReadOnlyList<string> InstanceIds { get; }

    /// <summary>Executions of <c>Add</c>, keyed by instance id and by <c>{instance}#{step}</c>.</summary>
    public CounterMap Executions { get; } = new();

    /// <summary>Executions of <c>Add</c> in all.</summary>
    public Counter TotalExecutions { get; } = new();

    /// <summary>The "deployed code": identical in every host of the scenario.</summary>
    public void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<ScenarioInput, int>(OrchestratorName, async (ctx, input) =>
        {
            if (input.Generation == 0)
            {
                // One committed episode first, so the new execution replaces history that must be cleaned up.
                await ctx.CallActivityAsync("Prepare", input.Label);
                ctx.ContinueAsNew(input with { Generation = 1 });
                return 0;
            }

            int sum = await ctx.CallActivityAsync<int>("Add", new AddInput(1, new string('p', PaddingChars)));
            for (int step = 2; step <= 4; step++)
            {
                sum += await ctx.CallActivityAsync<int>("Add", new AddInput(step, null));
            }

            int[] fanned = await Task.WhenAll(Enumerable.Range(5, 4).Select(step => ctx.CallActivityAsync<int>("Add", new AddInput(step, null))));
            return sum + fanned.Sum();
        })
        .AddActivityFunc<string, string>("Prepare", (_, label) => Task.FromResult(label))
        .AddActivityFunc<AddInput, int>("Add", async (ctx, x) =>
        {
            TotalExecutions.Increment();
            Executions.Increment(ctx.InstanceId);
            Executions.Increment($"{ctx.InstanceId}#{x.Step}");
            if (SlowStep && x.Step == 2)
            {
                await Task.Delay(SlowStepDuration, CancellationToken.None);
            }

            return 1;
        });

    /// <summary>Quick recovery: a dead host's messages reappear after 2 s.</summary>
    public void Configure(DurableTaskOptions options)
    {
        options.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(2);
        options.WorkItemVisibilityTimeout = TimeSpan.FromSeconds(2);
        options.DeliverActivityResultsLocally = DeliverActivityResultsLocally;
    }

    public static ScenarioInput Input(string instanceId) => new(0, instanceId);

    /// <summary>Every instance completed with the exact sum, each step ran at least once, and history holds each task once.</summary>
    public async Task AssertAllFinishedCorrectlyAsync(IReadOnlyList<OrchestrationMetadata> results)
    {
        foreach (OrchestrationMetadata result in results)
        {
            DurableAssert.Completed(result);
            Assert.Equal(ExpectedSum, result.ReadOutputAs<int>());
            Assert.True(Executions[result.InstanceId] >= ExpectedSum, $"{result.InstanceId}: Add ran {Executions[result.InstanceId]} times, fewer than {ExpectedSum}.");
            for (int step = 1; step <= ExpectedSum; step++)
            {
                Assert.True(Executions[$"{result.InstanceId}#{step}"] >= 1, $"{result.InstanceId}: step {step} never ran.");
            }

            var history = await HistoryInspector.LoadAsync(ConnectionString, HubName, result.InstanceId);
            HistoryInspector.AssertEachTaskOnce(result.InstanceId, history, ExpectedSum);
        }
    }

    public sealed record ScenarioInput(int Generation, string Label);

    public sealed record AddInput(int Step, string? Padding);
}
