using System.Diagnostics;
using System.Globalization;
using VideoGen.DurableHost;
using VideoGen.Engine.Bench;
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
List<EngineConfig> configs = [.. EngineConfig.Standard(settings).Where(c => settings.Only is null || settings.Only.Contains(c.Name))];
Report.Note($"DTFx engine bench ({(settings.Quick ? "quick" : "full")} run): configurations {string.Join(", ", configs.Select(c => c.Name))}; load {Load()}");
Report.Figure("machine_load_1m_start", LoadOneMinute(), "load");
// BENCH_AZURITE_CONNECTION_STRING (with explicit endpoints) uses an Azurite started by hand, e.g. with --debug.
string? external = Environment.GetEnvironmentVariable("BENCH_AZURITE_CONNECTION_STRING");
await using BenchAzurite? azurite = external is { Length: > 0 } ? null : await BenchAzurite.StartAsync(settings.InMemoryAzurite, ct);
string cs = azurite?.ConnectionString ?? external!;
(int Blob, int Queue, int Table) ports = azurite?.Ports ?? PortsOf(cs);
var cpu = new CpuMeter(azurite?.ProcessId ?? 0);
Report.Note(azurite is not null ? $"Azurite ready: {azurite.Describe}" : $"using the Azurite at {cs.Split(';').FirstOrDefault(p => p.StartsWith("QueueEndpoint", StringComparison.Ordinal))}");
if (settings.GcCheckMessages > 0)
{
    await Baseline.GcCheckAsync(cs, settings.GcCheckMessages, ct);
    return 0;
}

await using var watch = new AzuriteWatch(cs);

// The raw floor of this run.
List<double> rt = await Baseline.QueueRoundTripsAsync(cs, settings.BaselineRounds, ct);
Report.Note($"baseline queue round trip: {Stats.Describe(rt)}");
Report.Figure("baseline_queue_roundtrip_ms", Stats.Median(rt), "ms");
Report.Figure("baseline_table_batch_ms", await Baseline.TableBatchAsync(cs, settings.BaselineRounds, ct), "ms");
double rate = await Baseline.RequestRateAsync(cs, 16, TimeSpan.FromSeconds(3), ct);
Report.Figure("baseline_azurite_requests_per_s", rate, "req/s");
var raw = new List<double>();
for (int i = 0; i < 5; i++)
{
    raw.Add(await Baseline.RawFanOutAsync(cs, settings.FanOut, 4, ct));
}

Report.Note($"raw fan-out of {settings.FanOut}: {string.Join(", ", raw.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} activities/s");
double rawFanOut = Stats.Median(raw);
Report.Figure("baseline_raw_fanout_activities_per_s", rawFanOut, "activities/s");

// Warm-up: one host runs hops and fan-outs first, unreported, so that the first measured configuration does not pay
// for JIT compilation and connection set-up alone.
if (configs.Count > 0)
{
    DurableHostOptions warm = EngineConfig.AppOptions();
    warm.HubName = Unique.HubName("benchwarmup");
    var warmConfig = new EngineConfig("warmup", warm);
    Report.Note($"warm-up host (not reported) on hub {warm.HubName}");
    TextWriter stdout = Console.Out;
    Console.SetOut(TextWriter.Null);
    try
    {
        await using BenchHost bench = await BenchHost.CreateAsync(cs, ports, warm, cpu);
        var ignored = new ConfigResult("warmup");
        await Scenarios.HostStartAsync(bench, warmConfig, ignored, ct);
        await Scenarios.HopsAsync(bench, warmConfig, settings with { Hops = 20, HopRounds = 1 }, cs, ignored, ct);
        await Scenarios.FanOutsAsync(bench, warmConfig, settings, 2, watch, ignored, ct);
    }
    finally
    {
        Console.SetOut(stdout);
    }
}

var results = new Dictionary<string, ConfigResult>(StringComparer.Ordinal);
bool ok = true;
foreach (EngineConfig config in configs)
{
    config.Options.HubName = Unique.HubName($"bench{config.Name}");
    var result = new ConfigResult(config.Name);
    results[config.Name] = result;
    Report.Note($"=== {config.Name}: {config.Describe()}; hub {config.Options.HubName}; load {Load()}");
    try
    {
        await using BenchHost bench = await BenchHost.CreateAsync(cs, ports, config.Options, cpu);
        await Scenarios.HostStartAsync(bench, config, result, ct);
        await Scenarios.HopsAsync(bench, config, settings, cs, result, ct);
        await Scenarios.FanOutsAsync(bench, config, settings, config.IsDefaults ? settings.DefaultFanOuts : settings.FanOuts, watch, result, ct);
        if (config.IsDefaults)
        {
            await Scenarios.IdleAsync(bench, config, settings.DefaultsIdleSettle, settings.DefaultsIdleMeasure, settings.DefaultsIdleReps, settings.DefaultsIdleSettle, result, ct);
        }
        else
        {
            await Scenarios.IdleAsync(bench, config, settings.IdleWait, settings.IdleMeasure, settings.IdleReps, settings.IdleWait, result, ct);
        }
    }
    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        Exception root = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[0] : e;
        Report.Note($"{config.Name}: FAILED: {root.GetType().Name}: {root.Message}");
        result.Ok = false;
    }

    ok &= result.Ok;
    Report.Note($"=== {config.Name} done; load {Load()}");
}

// Ratios between configurations of this run.
if (results.TryGetValue(EngineConfig.App, out ConfigResult? app))
{
    if (results.TryGetValue(EngineConfig.Defaults, out ConfigResult? defaults))
    {
        Report.Figure("fanout_vs_defaults_x", app.FanOutPerSecond / defaults.FanOutPerSecond, "x");
        Report.Figure("hop_vs_defaults_x", app.HopP50Ms / defaults.HopP50Ms, "x");
    }

    if (results.TryGetValue(EngineConfig.Untuned, out ConfigResult? untuned))
    {
        Report.Figure("fanout_vs_untuned_x", app.FanOutPerSecond / untuned.FanOutPerSecond, "x");
        Report.Figure("hop_vs_untuned_x", app.HopP50Ms / untuned.HopP50Ms, "x");
    }

    Report.Figure("fanout_vs_raw_floor_x", app.FanOutPerSecond / rawFanOut, "x");
    Report.Figure("fanout_azurite_bound_activities_per_s", rate / app.RequestsPerActivity, "activities/s");
}

(int freezeCount, double freezeTotal, double freezeMax) = watch.All();
Report.Figure("azurite_freezes", freezeCount, "count");
Report.Figure("azurite_longest_freeze_ms", freezeMax, "ms");
List<double> rtEnd = await Baseline.QueueRoundTripsAsync(cs, settings.BaselineRounds, ct);
Report.Figure("baseline_queue_roundtrip_end_ms", Stats.Median(rtEnd), "ms");
Report.Figure("machine_load_1m_end", LoadOneMinute(), "load");
Report.Note($"summary (config: host start ms, hop p50 ms, queue rt ms, req/hop, fan-out/s, stalls, req/activity, idle start ms, idle req/s):");
foreach (ConfigResult r in results.Values)
{
    Report.Note(string.Create(CultureInfo.InvariantCulture,
        $"  {r.Name,-10} {r.HostStartMs,7:0} {r.HopP50Ms,7:0.0} {r.QueueRoundTripMs,6:0.0} {r.RequestsPerHop,6:0.0} {r.FanOutPerSecond,7:0.0} {r.Stalls,3}/{r.FanOutRuns,-3} {r.RequestsPerActivity,6:0.0} {r.IdleStartMs,7:0} {r.IdleRequestsPerSecond,6:0.0}{(r.Ok ? "" : "  (incomplete)")}"));
}

Report.Note($"finished in {clock.Elapsed.TotalSeconds:0} s; load {Load()}{(ok ? "" : "; some scenarios failed (see above)")}");
return ok ? 0 : 1;

static (int, int, int) PortsOf(string connectionString)
{
    int Port(string key) => new Uri(connectionString.Split(';').First(p => p.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..]).Port;
    return (Port("BlobEndpoint"), Port("QueueEndpoint"), Port("TableEndpoint"));
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static double LoadOneMinute() => File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;
