using System.Diagnostics;

namespace VideoGen.Durable.Bench;

/// <summary>
/// <c>idle_start_ms</c>: the host has been idle long enough for its polling to back off; the outside client
/// (<see cref="BenchHost.Observer"/>: no in-process wake-up signal reaches the worker) schedules an instance, and the time until
/// its first activity runs is measured. Repeated; the median is reported (and the maximum). Also <c>idle_requests_per_s</c>: the
/// host's storage calls per second while idle (its polling cost).
/// </summary>
internal static class IdleStartScenario
{
    public static async Task<bool> RunAsync(BenchHost bench, BenchSettings settings, CancellationToken ct)
    {
        DurableTaskClient client = bench.Observer;

        string run = Guid.NewGuid().ToString("N")[..8];
        var samples = new List<double>(settings.IdleReps);
        StorageCounters.Snapshot idleTotal = StorageCounters.Snapshot.Zero;
        TimeSpan idleTime = TimeSpan.Zero;
        bool ok = true;
        for (int rep = 0; rep < settings.IdleReps; rep++)
        {
            // The idle time is jittered by up to one polling period, so the start lands at a random phase of the
            // host's (backed-off) polling cycle, as a real start does; a fixed wait would lock onto one phase.
            TimeSpan wait = settings.IdleWait + Random.Shared.NextDouble() * settings.IdleJitter;
            Report.Note($"idle start {rep + 1}/{settings.IdleReps}: idling {wait.TotalSeconds:0.00} s");
            StorageCounters.Snapshot before = bench.Counters.Take();
            long i0 = Stopwatch.GetTimestamp();
            await Task.Delay(wait, ct).ConfigureAwait(false);
            idleTime += Stopwatch.GetElapsedTime(i0);
            StorageCounters.Snapshot idle = bench.Counters.Take() - before;
            idleTotal += idle;

            string tag = $"idle-{run}-{rep}";
            Task<long> touched = bench.Probe.ExpectTouch(tag);
            long t0 = Stopwatch.GetTimestamp();
            string id = await client.ScheduleNewOrchestrationInstanceAsync(
                Workflows.IdleProbe, tag, new StartOrchestrationOptions { InstanceId = tag }, ct).ConfigureAwait(false);
            double scheduleMs = Stats.Ms(t0, Stopwatch.GetTimestamp());
            try
            {
                long at = await touched.WaitAsync(settings.IdleBudget, ct).ConfigureAwait(false);
                double ms = Stats.Ms(t0, at);
                samples.Add(ms);
                Report.Note($"idle start {rep + 1}: first activity after {ms:0} ms (schedule call {scheduleMs:0} ms)");
            }
            catch (TimeoutException)
            {
                ok = false;
                Report.Note($"idle start {rep + 1}: no activity within {settings.IdleBudget.TotalSeconds:0} s");
            }

            // Let the instance finish before the next idle period (read by the separate client, outside the measurement).
            // When the activity never ran, the instance is terminated at once.
            TimeSpan finishBudget = touched.IsCompletedSuccessfully ? settings.IdleBudget : TimeSpan.Zero;
            OrchestrationMetadata? done = await Waits.FinishAsync(client, id, touched, finishBudget, "idle start", ct).ConfigureAwait(false);
            ok &= done?.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
        }

        Report.Note($"idle start: {Stats.Describe(samples)}");
        Report.Figure("idle_start_ms", Stats.Median(samples), "ms");
        Report.Figure("idle_start_max_ms", samples.Count > 0 ? samples.Max() : double.NaN, "ms");
        double perSecond = idleTotal.Total / idleTime.TotalSeconds;
        Report.Note($"idle: {idleTime.TotalSeconds:0.0} s: {idleTotal.Describe()}");
        Report.Figure("idle_requests_per_s", perSecond, "req/s");
        return ok && samples.Count == settings.IdleReps;
    }
}
