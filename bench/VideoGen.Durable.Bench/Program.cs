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
await using BenchHost bench = await BenchHost.StartAsync(azurite.ConnectionString, hub, meters, new CpuMeter(azurite.ProcessId), ct);

ok &= await Guarded("hops", () => HopScenario.RunAsync(bench, settings, ct));
ok &= await Guarded("fan-out", () => ThroughputScenarios.FanOutAsync(bench, settings, ct));
ok &= await Guarded("work items", () => ThroughputScenarios.WorkItemsAsync(bench, settings, ct));
ok &= await Guarded("idle start", () => IdleStartScenario.RunAsync(bench, settings, ct));

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
