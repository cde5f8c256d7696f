using System.Diagnostics;
using VideoGen.Durable.Tests.Infrastructure;
using static VideoGen.Durable.Tests.Infrastructure.StorageOperations;

namespace VideoGen.Durable.Tests;

/// <summary>
/// A host dies at a storage write boundary (before or after the call); a fresh host on the same hub finishes
/// every instance, with each activity result applied exactly once as the orchestration sees it, and nothing lost.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>
    /// The write boundaries and the occurrences at which the scenario crashes on each, per delivery mode of activity
    /// results (<see cref="DurableTaskOptions.DeliverActivityResultsLocally"/>). Early occurrences hit the client's
    /// starts and the first episodes; later ones land in the fan-out. Every one is checked to be reached.
    /// </summary>
    private static readonly (string Operation, int[] Occurrences, bool Local)[] CrashBoundaries =
    [
        (SendControl, [1, 3, 6], true),   // 1-3: the client's starts; 4-6: continue-as-new wake-ups
        (SendWorkItem, [1, 3, 15], true),
        (DeleteMessage, [1, 3, 20], true),
        (SetVisibility, [1, 3], true),    // work-item lease renewals (the slow step)
        (WriteHistoryBatch, [1, 3, 12], true),
        (UploadPayload, [1, 3], true),
        (UpsertInstance, [1, 3], true),
        (TryAddInstance, [1, 3], true),
        (DeleteHistory, [1, 3], true),
        (SendControl, [10, 20], false),   // activity results through the control queues
        (DeleteMessage, [10, 30], false),
        (WriteHistoryBatch, [12], false),
    ];

    private static readonly TimeSpan GraceForLateOperations = TimeSpan.FromSeconds(3);

    public static TheoryData<string, CrashPoint, int, bool> CrashPoints()
    {
        var data = new TheoryData<string, CrashPoint, int, bool>();
        foreach ((string operation, int[] occurrences, bool local) in CrashBoundaries)
        {
            foreach (CrashPoint when in Enum.GetValues<CrashPoint>())
            {
                foreach (int occurrence in occurrences)
                {
                    data.Add(operation, when, occurrence, local);
                }
            }
        }

        return data;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Scenario_NoCrash_ReachesEveryPlannedCrashPointAndCompletes(bool deliverActivityResultsLocally)
    {
        var scenario = new CrashScenario(azurite.ConnectionString, slowStep: true, deliverActivityResultsLocally);
        CrashingStorage? counting = null;
        await using DurableTestHost host = await DurableTestHost.StartAsync(
            scenario.ConnectionString, scenario.HubName, scenario.Register, scenario.Configure,
            decorate: inner => counting = new CrashingStorage(inner, new CrashPlan("never", 1, CrashPoint.Before)),
            output: output);

        foreach (string id in scenario.InstanceIds)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(CrashScenario.OrchestratorName, CrashScenario.Input(id), new StartOrchestrationOptions { InstanceId = id });
        }

        OrchestrationMetadata[] results = await host.Client.WaitForAllAsync(scenario.InstanceIds);
        await scenario.AssertAllFinishedCorrectlyAsync(results);
        await Task.Delay(GraceForLateOperations); // let the last deletes and instance-table updates land before counting

        output.WriteLine("Storage calls: " + string.Join(", ", counting!.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}")));
        Assert.All(CrashBoundaries.Where(b => b.Local == deliverActivityResultsLocally), b =>
        {
            int reached = counting.Counts.GetValueOrDefault(b.Operation);
            Assert.True(reached >= b.Occurrences.Max(), $"{b.Operation} is called {reached} times, but a test crashes at occurrence {b.Occurrences.Max()}.");
        });
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task Crash_AtStorageWriteBoundary_FreshHostFinishesEveryInstanceExactlyOnce(string operation, CrashPoint when, int occurrence, bool deliverActivityResultsLocally)
    {
        var plan = new CrashPlan(operation, occurrence, when);
        var scenario = new CrashScenario(azurite.ConnectionString, slowStep: operation == SetVisibility, deliverActivityResultsLocally);
        var unscheduled = new List<string>();
        var clock = Stopwatch.StartNew();

        CrashingStorage? crashing = null;
        await using (DurableTestHost doomed = await DurableTestHost.StartAsync(
            scenario.ConnectionString, scenario.HubName, scenario.Register, scenario.Configure,
            decorate: inner => crashing = new CrashingStorage(inner, plan),
            output: output,
            name: "doomed",
            logEnabled: () => crashing?.IsDead != true))
        {
            foreach (string id in scenario.InstanceIds)
            {
                try
                {
                    await doomed.Client.ScheduleNewOrchestrationInstanceAsync(CrashScenario.OrchestratorName, CrashScenario.Input(id), new StartOrchestrationOptions { InstanceId = id });
                }
                catch (SimulatedCrashException)
                {
                    unscheduled.Add(id); // the caller saw the start fail; it will retry, idempotently
                }
            }

            bool crashed = await WaitForCrashAsync(doomed.Client, crashing!, scenario.InstanceIds);
            Assert.True(crashed, $"The crash point {plan} was never reached; storage calls were: " +
                string.Join(", ", crashing!.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}")));
        } // the process is gone

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: crashed at {plan}; starts to retry: [{string.Join(", ", unscheduled)}]");
        await using DurableTestHost survivor = await DurableTestHost.StartAsync(
            scenario.ConnectionString, scenario.HubName, scenario.Register, scenario.Configure, output: output, name: "survivor");
        foreach (string id in unscheduled)
        {
            string started = await survivor.Client.ScheduleNewOrchestrationInstanceAsync(
                CrashScenario.OrchestratorName, CrashScenario.Input(id), new StartOrchestrationOptions { InstanceId = id, IfExists = InstanceIdReusePolicy.StartIfAbsent });
            Assert.Equal(id, started);
        }

        OrchestrationMetadata[] results = await survivor.Client.WaitForAllAsync(scenario.InstanceIds);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: all finished; Add ran {scenario.TotalExecutions.Value} times for {CrashScenario.InstanceCount * CrashScenario.ExpectedSum} steps");
        await scenario.AssertAllFinishedCorrectlyAsync(results);
    }

    /// <summary>True once the crash point is hit; false if every instance finished and the point still was not reached.</summary>
    private static async Task<bool> WaitForCrashAsync(DurableTaskClient client, CrashingStorage storage, IReadOnlyList<string> ids)
    {
        using CancellationTokenSource cts = TestTimeouts.Cts();
        Stopwatch? sinceAllFinished = null;
        try
        {
            while (!storage.IsDead)
            {
                bool allFinished = true;
                foreach (string id in ids)
                {
                    OrchestrationMetadata? m = await client.GetInstanceAsync(id, false, cts.Token);
                    allFinished &= m?.IsCompleted == true;
                }

                if (allFinished)
                {
                    sinceAllFinished ??= Stopwatch.StartNew();
                    if (sinceAllFinished.Elapsed > GraceForLateOperations)
                    {
                        return storage.IsDead;
                    }
                }

                await Task.WhenAny(storage.Crashed, Task.Delay(100, cts.Token));
            }
        }
        catch (SimulatedCrashException)
        {
            // The client shares the dead process's storage.
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // Neither crashed nor finished in time: reported as not reached, with the call counts.
        }

        return storage.IsDead;
    }
}
