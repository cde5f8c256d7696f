using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace VideoGen.Engine.Bench;

/// <summary>What one configuration measured (NaN where a scenario did not produce a value).</summary>
internal sealed record ConfigResult(string Name)
{
    public double HostStartMs { get; set; } = double.NaN;
    public double QueueRoundTripMs { get; set; } = double.NaN;
    public double HopP50Ms { get; set; } = double.NaN;
    public double RequestsPerHop { get; set; } = double.NaN;
    public double FanOutPerSecond { get; set; } = double.NaN;
    public int FanOutRuns { get; set; }
    public int Stalls { get; set; }
    public double RequestsPerActivity { get; set; } = double.NaN;
    public double IdleStartMs { get; set; } = double.NaN;
    public double IdleRequestsPerSecond { get; set; } = double.NaN;
    public bool Ok { get; set; } = true;
}

/// <summary>The scenarios, run on one host in this order: host start, sequential hops, fan-outs, idle starts.</summary>
internal static class Scenarios
{
    /// <summary>
    /// <c>host_start_ms</c>: an instance is scheduled through the outside client before the host starts; the time from
    /// the host's start call to its first activity (hub already created, so this is the worker's start: partition
    /// leases, first polls).
    /// </summary>
    public static async Task HostStartAsync(BenchHost bench, EngineConfig config, ConfigResult result, CancellationToken ct)
    {
        string tag = $"start-{Guid.NewGuid():N}"[..20];
        Task<long> touched = bench.Probe.ExpectTouch(tag);
        await bench.Observer.ScheduleNewOrchestrationInstanceAsync(nameof(IdleProbe), tag, new StartOrchestrationOptions { InstanceId = tag }, ct).ConfigureAwait(false);
        long t0 = await bench.StartAsync(ct).ConfigureAwait(false);
        if (await Waits.TryAsync(touched, TimeSpan.FromSeconds(90), ct).ConfigureAwait(false))
        {
            result.HostStartMs = Stats.Ms(t0, touched.Result);
            Report.Figure($"{config.Prefix}host_start_ms", result.HostStartMs, "ms");
        }
        else
        {
            Report.Note("host start: no activity within 90 s");
            result.Ok = false;
        }

        result.Ok &= await Waits.CompletedAsync(bench.Observer, tag, TimeSpan.FromSeconds(60), "host start", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>hop_latency_p50_ms</c> (one orchestration calls a trivial activity <see cref="BenchSettings.Hops"/> times in
    /// sequence after a warm-up instance; a sample is the time between two consecutive activity executions),
    /// <c>hop_vs_queue_roundtrip_x</c> (over the raw queue send+receive+delete p50 measured just before, same Azurite),
    /// and <c>storage_requests_per_hop</c> (every request of the host between the first and the last hop, over the hops).
    /// </summary>
    public static async Task HopsAsync(BenchHost bench, EngineConfig config, BenchSettings settings, string connectionString, ConfigResult result, CancellationToken ct)
    {
        string p = config.Prefix;
        await RunHopsAsync(bench, "warm-up", settings.WarmupHops, ct).ConfigureAwait(false);

        // Rounds of (raw queue round trips, one instance of Hops sequential hops), pooled: the floor is measured
        // right beside the hops it is compared with, and one noisy moment weighs less.
        var rt = new List<double>();
        var samples = new List<double>();
        RequestCounter.Snapshot window = RequestCounter.Snapshot.Zero;
        int windowHops = 0;
        CpuMeter.Snapshot cpu = bench.Cpu.Take();
        for (int round = 0; round < settings.HopRounds; round++)
        {
            rt.AddRange(await Baseline.QueueRoundTripsAsync(connectionString, 20, ct).ConfigureAwait(false));
            (HopRun hops, bool ok) = await RunHopsAsync(bench, $"measured{round}", settings.Hops, ct).ConfigureAwait(false);
            result.Ok &= ok;
            samples.AddRange(hops.Samples());
            if (hops.Duplicates > 0)
            {
                Report.Note($"hops: {hops.Duplicates} activities ran twice");
            }

            if (hops.First is { } first && hops.Last is { } last)
            {
                window += last - first;
                windowHops += hops.Count - 1;
            }
        }

        Report.Note($"hops: {bench.Cpu.Take().Since(cpu, settings.Hops * settings.HopRounds, "hop (queue round trips included)")}");
        Report.Note($"hops: queue round trip beside them: {Stats.Describe(rt)}");
        Report.Note($"hops: {Stats.Describe(samples)}");
        result.QueueRoundTripMs = Stats.Median(rt);
        result.HopP50Ms = Stats.Median(samples);
        Report.Figure($"{p}queue_roundtrip_ms", result.QueueRoundTripMs, "ms");
        Report.Figure($"{p}hop_latency_p50_ms", result.HopP50Ms, "ms");
        Report.Figure($"{p}hop_latency_p95_ms", Stats.Percentile(samples, 95), "ms");
        Report.Figure($"{p}hop_vs_queue_roundtrip_x", result.HopP50Ms / result.QueueRoundTripMs, "x");
        if (windowHops > 0)
        {
            result.RequestsPerHop = (double)window.Total / windowHops;
            Report.Figure($"{p}storage_requests_per_hop", result.RequestsPerHop, "req");
            Report.Figure($"{p}storage_empty_receives_per_hop", (double)window.EmptyReceives / windowHops, "req");
            Report.Note($"hops: {windowHops} hops: {window.Describe()}");
            foreach ((string kind, long count) in window.ByKind())
            {
                Report.Requests(config.Name, "hops", kind, count, windowHops);
            }
        }
    }

    private static async Task<(HopRun Hops, bool Ok)> RunHopsAsync(BenchHost bench, string label, int count, CancellationToken ct)
    {
        string run = $"{label}-{Guid.NewGuid():N}"[..24];
        HopRun hops = bench.Probe.StartHops(run, count);
        var clock = Stopwatch.StartNew();
        string id = await bench.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HopChain), new HopPlan(run, count), new StartOrchestrationOptions { InstanceId = $"hops-{run}" }, ct).ConfigureAwait(false);
        bool ok = await Waits.TryAsync(hops.Completed, TimeSpan.FromSeconds(30 + count), ct).ConfigureAwait(false);
        ok &= await Waits.CompletedAsync(bench.Observer, id, TimeSpan.FromSeconds(30), $"hops ({label})", ct).ConfigureAwait(false);
        Report.Note($"hops: {label} instance ({count} hops) finished in {clock.Elapsed.TotalMilliseconds:0} ms");
        return (hops, ok);
    }

    /// <summary>
    /// <c>fanout_activities_per_s</c>: <paramref name="runs"/> times, one orchestration fans out
    /// <see cref="BenchSettings.FanOut"/> trivial activities and fans in; a run's rate is activities / (the instance's
    /// last update, i.e. its completion, − schedule time); the median over the runs. <c>fanout_stalls</c>: runs that took
    /// more than 5× the median time, or did not finish within the budget. <c>storage_requests_per_activity</c> over all runs.
    /// </summary>
    public static async Task FanOutsAsync(BenchHost bench, EngineConfig config, BenchSettings settings, int runs, AzuriteWatch watch, ConfigResult result, CancellationToken ct)
    {
        string p = config.Prefix;
        int n = settings.FanOut;
        var seconds = new List<double>(runs);
        var frozen = new List<bool>(runs); // per finished run: did Azurite freeze meanwhile
        int unfinished = 0, unfinishedFrozen = 0;
        RequestCounter.Snapshot before = bench.Counter.Take();
        CpuMeter.Snapshot cpu = bench.Cpu.Take();
        for (int r = 0; r < runs; r++)
        {
            string run = $"fan-{r:D2}-{Guid.NewGuid():N}"[..24];
            Countdown work = bench.Probe.StartWork(run, n);
            DateTimeOffset start = DateTimeOffset.UtcNow;
            long t0 = Stopwatch.GetTimestamp();
            string id = await bench.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOut), new FanOutPlan(run, n), new StartOrchestrationOptions { InstanceId = run }, ct).ConfigureAwait(false);
            bool ran = await Waits.TryAsync(work.Completed, settings.FanOutBudget, ct).ConfigureAwait(false);
            OrchestrationMetadata? done = ran ? await Waits.FinishAsync(bench.Observer, id, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false) : null;
            TimeSpan observed = Stopwatch.GetElapsedTime(t0);
            (int freezes, double frozenMs) = watch.Between(t0, Stopwatch.GetTimestamp());
            string freezeNote = freezes > 0 ? $"; Azurite did not answer for {frozenMs:0} ms meanwhile" : "";
            if (done?.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                unfinished++;
                unfinishedFrozen += freezes > 0 ? 1 : 0;
                result.Ok = false;
                Report.Note($"fan-out {r + 1}/{runs}: NOT finished after {observed.TotalSeconds:0.0} s ({work.Count}/{n} activities ran, status {done?.RuntimeStatus.ToString() ?? "running"}){freezeNote}; terminating it");
                await Waits.TerminateAsync(bench.Observer, id, ct).ConfigureAwait(false);
                continue;
            }

            TimeSpan byEngine = done.LastUpdatedAt - start;
            double s = byEngine > TimeSpan.Zero && byEngine <= observed + TimeSpan.FromMilliseconds(50) ? byEngine.TotalSeconds : observed.TotalSeconds;
            seconds.Add(s);
            frozen.Add(freezes > 0);
            Report.Note($"fan-out {r + 1}/{runs}: {s * 1000:0} ms ({n / s:0.0}/s); first activity after {Stats.Ms(t0, work.First):0} ms, last after {Stats.Ms(t0, work.Last):0} ms{freezeNote}");
        }

        RequestCounter.Snapshot used = bench.Counter.Take() - before;
        Report.Note($"fan-outs: {bench.Cpu.Take().Since(cpu, Math.Max(1, seconds.Count) * n, "activity")}");
        Report.Note($"fan-outs: {used.Describe()}");
        double median = Stats.Median(seconds);
        result.FanOutRuns = runs;
        result.Stalls = unfinished + seconds.Count(s => s > 5 * median);
        int stallsInFreeze = unfinishedFrozen + seconds.Where((s, i) => s > 5 * median && frozen[i]).Count();
        result.FanOutPerSecond = n / median;
        result.RequestsPerActivity = (double)used.Total / (runs * n);
        Report.Note($"fan-outs: {Stats.Describe([.. seconds.Select(s => s * 1000)])} ms per fan-out; rates {string.Join(" ", seconds.Select(s => (n / s).ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}");
        Report.Figure($"{p}fanout_activities_per_s", result.FanOutPerSecond, "activities/s");
        Report.Figure($"{p}fanout_best_activities_per_s", seconds.Count > 0 ? n / seconds.Min() : double.NaN, "activities/s");
        Report.Figure($"{p}fanout_stalls", result.Stalls, $"of_{runs}");
        Report.Figure($"{p}fanout_stalls_while_azurite_frozen", stallsInFreeze, $"of_{result.Stalls}");
        Report.Figure($"{p}storage_requests_per_activity", result.RequestsPerActivity, "req");
        foreach ((string kind, long count) in used.ByKind())
        {
            Report.Requests(config.Name, "fanout", kind, count, runs * n);
        }
    }

    /// <summary>
    /// <c>idle_requests_per_s</c>: the host's storage requests per second over <paramref name="measure"/> of idling, after
    /// <paramref name="settle"/> (long enough for its polling to back off to its ceiling): the steady cost of an idle host.
    /// <c>idle_start_ms</c>: then, <paramref name="reps"/> times, the host idles <paramref name="idle"/> (plus a random
    /// part of a polling period, so the start lands at a random phase) and the outside client schedules an instance: the
    /// time until its activity runs; the median.
    /// </summary>
    public static async Task IdleAsync(BenchHost bench, EngineConfig config, TimeSpan settle, TimeSpan measure, int reps, TimeSpan idle, ConfigResult result, CancellationToken ct)
    {
        string p = config.Prefix;
        Report.Note($"idle: settling {settle.TotalSeconds:0} s, then counting requests for {measure.TotalSeconds:0} s");
        await Task.Delay(settle, ct).ConfigureAwait(false);
        RequestCounter.Snapshot before = bench.Counter.Take();
        long i0 = Stopwatch.GetTimestamp();
        await Task.Delay(measure, ct).ConfigureAwait(false);
        TimeSpan idleTime = Stopwatch.GetElapsedTime(i0);
        RequestCounter.Snapshot quiet = bench.Counter.Take() - before;
        result.IdleRequestsPerSecond = quiet.Total / idleTime.TotalSeconds;
        Report.Note($"idle: {idleTime.TotalSeconds:0.0} s: {quiet.Describe()}");
        Report.Figure($"{p}idle_requests_per_s", result.IdleRequestsPerSecond, "req/s");
        foreach ((string kind, long count) in quiet.ByKind())
        {
            Report.Requests(config.Name, "idle", kind, count, 0);
        }

        var samples = new List<double>(reps);
        TimeSpan jitter = config.Options.MaxQueuePollingInterval < TimeSpan.FromSeconds(5) ? config.Options.MaxQueuePollingInterval : TimeSpan.FromSeconds(5);
        for (int rep = 0; rep < reps; rep++)
        {
            TimeSpan wait = rep == 0 ? TimeSpan.Zero : idle + (Random.Shared.NextDouble() * jitter);
            Report.Note($"idle start {rep + 1}/{reps}: idling {wait.TotalSeconds:0.0} s more");
            await Task.Delay(wait, ct).ConfigureAwait(false);
            string tag = $"idle-{rep}-{Guid.NewGuid():N}"[..20];
            Task<long> touched = bench.Probe.ExpectTouch(tag);
            long t0 = Stopwatch.GetTimestamp();
            await bench.Observer.ScheduleNewOrchestrationInstanceAsync(nameof(IdleProbe), tag, new StartOrchestrationOptions { InstanceId = tag }, ct).ConfigureAwait(false);
            if (await Waits.TryAsync(touched, config.Options.MaxQueuePollingInterval + TimeSpan.FromSeconds(30), ct).ConfigureAwait(false))
            {
                double ms = Stats.Ms(t0, touched.Result);
                samples.Add(ms);
                Report.Note($"idle start {rep + 1}: first activity {ms:0} ms after the outside client's schedule call");
            }
            else
            {
                result.Ok = false;
                Report.Note($"idle start {rep + 1}: no activity");
            }

            result.Ok &= await Waits.CompletedAsync(bench.Observer, tag, config.Options.MaxQueuePollingInterval + TimeSpan.FromSeconds(30), "idle", ct).ConfigureAwait(false);
        }

        result.IdleStartMs = Stats.Median(samples);
        Report.Note($"idle start: {Stats.Describe(samples)}");
        Report.Figure($"{p}idle_start_ms", result.IdleStartMs, "ms");
        Report.Figure($"{p}idle_start_max_ms", samples.Count > 0 ? samples.Max() : double.NaN, "ms");
    }
}

/// <summary>Waiting for instances through the outside client, so that its polling never counts as the host's requests.</summary>
internal static class Waits
{
    public static async Task<bool> TryAsync(Task signal, TimeSpan budget, CancellationToken ct)
    {
        try
        {
            await signal.WaitAsync(budget, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The instance's terminal metadata (with a note when it did not complete), or null when it is still running after <paramref name="budget"/>.</summary>
    public static async Task<OrchestrationMetadata?> FinishAsync(DurableTaskClient client, string id, TimeSpan budget, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(budget);
        try
        {
            OrchestrationMetadata m = await client.WaitForInstanceCompletionAsync(id, false, cts.Token).ConfigureAwait(false);
            if (m.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                Report.Note($"instance {id} ended {m.RuntimeStatus}: {m.FailureDetails}");
            }

            return m;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>True when the instance completed within <paramref name="budget"/>; otherwise a note, and it is terminated.</summary>
    public static async Task<bool> CompletedAsync(DurableTaskClient client, string id, TimeSpan budget, string what, CancellationToken ct)
    {
        OrchestrationMetadata? m = await FinishAsync(client, id, budget, ct).ConfigureAwait(false);
        if (m is null)
        {
            Report.Note($"{what}: instance {id} still running after {budget.TotalSeconds:0} s; terminating it");
            await TerminateAsync(client, id, ct).ConfigureAwait(false);
        }

        return m?.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
    }

    public static async Task TerminateAsync(DurableTaskClient client, string id, CancellationToken ct)
    {
        try
        {
            await client.TerminateInstanceAsync(id, "bench budget exceeded", ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Report.Note($"terminating {id} failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
