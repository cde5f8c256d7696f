using System.Diagnostics;

namespace VideoGen.Durable.Bench;

/// <summary>
/// Sequential activity hops in one orchestration: <c>hop_latency_p50_ms</c>, <c>hop_latency_p95_ms</c> and
/// <c>storage_requests_per_hop</c> (with its per-method breakdown).
/// </summary>
/// <remarks>
/// A hop is everything between two consecutive activity executions: the activity result is sent to the control
/// queue, the orchestrator's episode runs and commits, the next work item is sent and picked up. The activity
/// records when it runs, so samples carry no client polling. Requests are counted between the first and the last
/// hop's activity, so the window holds exactly <c>hops − 1</c> complete hops and every call the host made
/// meanwhile, idle polls of other queues included; the client does not poll during the window.
/// </remarks>
internal static class HopScenario
{
    public static async Task<bool> RunAsync(BenchHost bench, BenchSettings settings, CancellationToken ct)
    {
        Report.Note($"hops: warm-up instance with {settings.WarmupHops} hops");
        HopOutcome warm = await RunOnceAsync(bench, "warmup", settings.WarmupHops, settings.HopBudget, ct).ConfigureAwait(false);
        if (!warm.Completed)
        {
            Report.Note("hops: warm-up did not complete; measuring anyway");
        }

        Report.Note($"hops: measured instance with {settings.Hops} sequential hops");
        bench.Meters.ResetMaxEpisode();
        CpuMeter.Snapshot cpu = bench.Cpu.Take();
        HopOutcome run = await RunOnceAsync(bench, "measured", settings.Hops, settings.HopBudget, ct).ConfigureAwait(false);
        Report.Note($"hops: {bench.Cpu.Take().Since(cpu, settings.Hops, "hop")}");
        HopRun hops = run.Hops;
        List<double> samples = hops.HopSamples();
        Report.Note($"hops: {Stats.Describe(samples)}; duplicates {hops.Duplicates}");
        if (samples.Count >= 8)
        {
            // Replay re-runs the body over the whole history every episode: a rising trend would show it.
            int quarter = samples.Count / 4;
            Report.Note($"hops: p50 of the first quarter {Stats.Median(samples[..quarter]):0.0} ms, of the last quarter {Stats.Median(samples[^quarter..]):0.0} ms");
        }
        int last = hops.LastRecorded();
        if (last > 0)
        {
            double mean = Stats.Ms(hops.StampOf(0), hops.StampOf(last)) / last;
            Report.Note($"hops: (last − first) / hops = {mean:0.0} ms");
        }

        Report.Figure("hop_latency_p50_ms", Stats.Percentile(samples, 50), "ms");
        Report.Figure("hop_latency_p95_ms", Stats.Percentile(samples, 95), "ms");

        StorageCounters.Snapshot first = hops.FirstStorage ?? StorageCounters.Snapshot.Zero;
        StorageCounters.Snapshot end = hops.LastStorage ?? bench.Counters.Take();
        MeterCounters.Snapshot meters = (hops.LastMeters ?? bench.Meters.Take()) - (hops.FirstMeters ?? bench.Meters.Take());
        int windowHops = hops.LastStorage is null ? Math.Max(last, 0) : hops.Count - 1;
        StorageCounters.Snapshot window = end - first;
        double perHop = windowHops > 0 ? (double)window.Total / windowHops : double.NaN;
        Report.Figure("storage_requests_per_hop", perHop, "req");
        Report.Figure("storage_empty_receives_per_hop", windowHops > 0 ? (double)window.EmptyReceives / windowHops : double.NaN, "req");
        Report.Figure("http_requests_per_hop", windowHops > 0 ? (double)meters.HttpRequests / windowHops : double.NaN, "req");
        Report.Note($"hops: the request breakdown below covers {windowHops} hops: {window.Describe()}; {meters.Describe()}");
        foreach ((StorageCall call, long count) in window.ByMethod().Where(x => x.Count > 0).OrderByDescending(x => x.Count))
        {
            Report.Requests(call.ToString(), count);
        }

        return warm.Completed && run.Completed;
    }

    private static async Task<HopOutcome> RunOnceAsync(BenchHost bench, string label, int count, TimeSpan budget, CancellationToken ct)
    {
        string runId = $"{label}-{Guid.NewGuid():N}";
        HopRun hops = bench.Probe.StartHops(runId, count);
        var clock = Stopwatch.StartNew();
        string id = await bench.Client.ScheduleNewOrchestrationInstanceAsync(
            Workflows.HopChain, new HopPlan(runId, count), new StartOrchestrationOptions { InstanceId = $"hops-{runId}" }, ct).ConfigureAwait(false);
        bool completed = await Waits.CompleteAsync(bench.Observer, id, hops.Completed, budget - clock.Elapsed, $"hops ({label})", ct).ConfigureAwait(false);
        Report.Note($"hops: {label} instance finished in {clock.Elapsed.TotalMilliseconds:0} ms ({hops.LastRecorded() + 1}/{count} hops ran)");
        return new HopOutcome(hops, completed);
    }

    private sealed record HopOutcome(HopRun Hops, bool Completed);
}
