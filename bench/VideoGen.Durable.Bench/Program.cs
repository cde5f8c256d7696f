using System.Diagnostics;
using VideoGen.Durable.Bench;
using VideoGen.Testing;

BenchSettings? settings = BenchSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
CancellationToken ct = cts.Token;

var clock = Stopwatch.StartNew();
using var meters = new MeterCounters();
Report.Note($"VideoGen.Durable bench ({(settings.Quick ? "quick" : "default")} run); starting Azurite");
await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(ct);
Report.Note($"Azurite ready in {azurite.StartupTime.TotalMilliseconds:0} ms");

bool ok = await Guarded("baseline", async () =>
{
    await Baseline.RunAsync(azurite.ConnectionString, settings.BaselineRounds, ct);
    return true;
});

string hub = Unique.HubName("bench");
Report.Note($"starting the engine host on hub {hub}");
BenchHost bench = await BenchHost.StartAsync(azurite.ConnectionString, hub, meters, new CpuMeter(azurite.ProcessId), ct);

ok &= await Guarded("hops", () => HopScenario.RunAsync(bench, settings, ct));
ok &= await Guarded("fan-out", () => ThroughputScenarios.FanOutAsync(bench, settings, ct));
ok &= await Guarded("work items", () => ThroughputScenarios.WorkItemsAsync(bench, settings, ct));
ok &= await Guarded("idle start", () => IdleStartScenario.RunAsync(bench, settings, ct));
await bench.DisposeAsync();

// Baseline in the same run: the engine with both local shortcuts off, so every activity and every result goes
// through the queues as in the Durable Functions Azure Storage provider.
string baselineHub = Unique.HubName("benchq");
Report.Note($"baseline: queue-only engine (ExecuteActivitiesLocally = DeliverActivityResultsLocally = false) on hub {baselineHub}");
Report.Prefix = "baseline_queue_only_";
await using (BenchHost queueOnly = await BenchHost.StartAsync(azurite.ConnectionString, baselineHub, meters, new CpuMeter(azurite.ProcessId), ct, o =>
{
    o.ExecuteActivitiesLocally = false;
    o.DeliverActivityResultsLocally = false;
}))
{
    ok &= await Guarded("baseline hops", () => HopScenario.RunAsync(queueOnly, settings, ct));
    ok &= await Guarded("baseline fan-out", () => ThroughputScenarios.FanOutAsync(queueOnly, settings, ct));
    ok &= await Guarded("baseline work items", () => ThroughputScenarios.WorkItemsAsync(queueOnly, settings, ct));
}

Report.Prefix = "";

Report.Note($"finished in {clock.Elapsed.TotalSeconds:0.0} s{(ok ? "" : "; some scenarios failed (see above)")}");
return ok ? 0 : 1;

// A scenario that throws is reported and the run goes on with the next one.
static async Task<bool> Guarded(string name, Func<Task<bool>> scenario)
{
    try
    {
        return await scenario();
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        Exception root = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[0] : e;
        string where = (e.StackTrace ?? root.StackTrace)?.Split('\n').FirstOrDefault(l => l.Contains("VideoGen", StringComparison.Ordinal))?.Trim() ?? "";
        Report.Note($"{name}: FAILED: {root.GetType().Name}: {root.Message} {where}");
        return false;
    }
}
