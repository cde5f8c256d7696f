using System.Diagnostics;

namespace VideoGen.Durable.Bench;

/// <summary><c>fanout_activities_per_s</c> and <c>work_items_per_s</c>.</summary>
internal static class ThroughputScenarios
{
    /// <summary>
    /// One orchestration fans out <see cref="BenchSettings.FanOut"/> trivial activities with Task.WhenAll and
    /// fans them in: activities / (completion time − schedule time). Completion time is the instance's own
    /// CompletedAt (recorded by the engine), so client polling granularity does not enter the figure.
    /// </summary>
    public static async Task<bool> FanOutAsync(BenchHost bench, BenchSettings settings, CancellationToken ct)
    {
        int n = settings.FanOut;
        Report.Note($"fan-out: one instance, {n} activities");
        Countdown work = bench.Probe.StartWork(n);
        StorageCounters.Snapshot before = bench.Counters.Take();
        bench.Meters.ResetMaxEpisode();
        MeterCounters.Snapshot metersBefore = bench.Meters.Take();
        CpuMeter.Snapshot cpu = bench.Cpu.Take();
        DateTimeOffset start = DateTimeOffset.UtcNow;
        long t0 = Stopwatch.GetTimestamp();
        string id = await bench.Client.ScheduleNewOrchestrationInstanceAsync(
            Workflows.FanOut, n, new StartOrchestrationOptions { InstanceId = $"fanout-{Guid.NewGuid():N}" }, ct).ConfigureAwait(false);
        OrchestrationMetadata? done = await Waits.FinishAsync(bench.Observer, id, work.Completed, settings.FanOutBudget, "fan-out", ct).ConfigureAwait(false);
        long observed = Stopwatch.GetTimestamp();
        StorageCounters.Snapshot used = bench.Counters.Take() - before;
        MeterCounters.Snapshot meters = bench.Meters.Take() - metersBefore;

        if (work.First != 0)
        {
            Report.Note($"fan-out: first activity after {Stats.Ms(t0, work.First):0} ms; {work.Count}/{n} activities ran" +
                (work.Last != 0 ? $", the last after {Stats.Ms(t0, work.Last):0} ms" : ""));
        }

        if (done?.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            double partial = work.Count / Stopwatch.GetElapsedTime(t0, observed).TotalSeconds;
            Report.Note($"fan-out: did not complete; reporting activities that ran per second of budget");
            Report.Figure("fanout_activities_per_s", partial, "activities/s");
            return false;
        }

        double seconds = ElapsedToCompletion(start, done, Stopwatch.GetElapsedTime(t0, observed), "fan-out");
        Report.Note($"fan-out: {(double)used.Total / n:0.00} seam calls per activity: {used.Describe()}; {meters.DescribeEpisodes()}");
        Report.Note($"fan-out: {bench.Cpu.Take().Since(cpu, n, "activity")}");
        Report.Figure("fanout_activities_per_s", n / seconds, "activities/s");
        return true;
    }

    /// <summary>
    /// <see cref="BenchSettings.Instances"/> instances, scheduled at once, each running
    /// <see cref="BenchSettings.Steps"/> sequential activities: activity executions / (last completion − first schedule).
    /// </summary>
    public static async Task<bool> WorkItemsAsync(BenchHost bench, BenchSettings settings, CancellationToken ct)
    {
        int total = settings.Instances * settings.Steps;
        Report.Note($"work items: {settings.Instances} instances × {settings.Steps} sequential activities");
        Countdown work = bench.Probe.StartWork(total);
        StorageCounters.Snapshot before = bench.Counters.Take();
        bench.Meters.ResetMaxEpisode();
        MeterCounters.Snapshot metersBefore = bench.Meters.Take();
        CpuMeter.Snapshot cpu = bench.Cpu.Take();
        string run = Guid.NewGuid().ToString("N")[..8];
        DateTimeOffset start = DateTimeOffset.UtcNow;
        long t0 = Stopwatch.GetTimestamp();
        string[] ids = await Task.WhenAll(Enumerable.Range(0, settings.Instances).Select(i =>
            bench.Client.ScheduleNewOrchestrationInstanceAsync(
                Workflows.Chain, settings.Steps, new StartOrchestrationOptions { InstanceId = $"wi-{run}-{i:D3}" }, ct))).ConfigureAwait(false);
        Report.Note($"work items: scheduling took {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:0} ms");

        OrchestrationMetadata?[] finished = await Waits.FinishAllAsync(
            bench.Observer, ids, work.Completed, settings.WorkItemsBudget - Stopwatch.GetElapsedTime(t0), "work items", ct).ConfigureAwait(false);
        bool allDone = finished.All(m => m?.RuntimeStatus == OrchestrationRuntimeStatus.Completed);
        DateTimeOffset? lastCompleted = allDone ? finished.Max(m => m!.CompletedAt ?? m.LastUpdatedAt) : null;

        long observed = Stopwatch.GetTimestamp();
        StorageCounters.Snapshot used = bench.Counters.Take() - before;
        MeterCounters.Snapshot meters = bench.Meters.Take() - metersBefore;
        Report.Note($"work items: {work.Count}/{total} activities ran; the last after {(work.Last != 0 ? Stats.Ms(t0, work.Last) : double.NaN):0} ms");
        Report.Note($"work items: {(double)used.Total / total:0.00} seam calls per activity: {used.Describe()}; {meters.DescribeEpisodes()}");
        Report.Note($"work items: {bench.Cpu.Take().Since(cpu, total, "activity")}");
        if (!allDone || lastCompleted is null)
        {
            double partial = work.Count / Stopwatch.GetElapsedTime(t0, observed).TotalSeconds;
            Report.Note("work items: not every instance completed; reporting activities that ran per second of budget");
            Report.Figure("work_items_per_s", partial, "items/s");
            return false;
        }

        double seconds = Checked(start, lastCompleted.Value, Stopwatch.GetElapsedTime(t0, observed), "work items");
        Report.Figure("work_items_per_s", total / seconds, "items/s");
        return true;
    }

    private static double ElapsedToCompletion(DateTimeOffset start, OrchestrationMetadata done, TimeSpan observed, string what)
        => Checked(start, done.CompletedAt ?? done.LastUpdatedAt, observed, what);

    /// <summary>Engine timestamp minus schedule time, unless it is implausible; then the client-observed time.</summary>
    private static double Checked(DateTimeOffset start, DateTimeOffset completedAt, TimeSpan observed, string what)
    {
        TimeSpan byEngine = completedAt - start;
        Report.Note($"{what}: completed {byEngine.TotalMilliseconds:0} ms after scheduling by the engine's CompletedAt; observed by the client after {observed.TotalMilliseconds:0} ms");
        if (byEngine <= TimeSpan.Zero || byEngine > observed + TimeSpan.FromMilliseconds(50))
        {
            Report.Note($"{what}: CompletedAt is implausible; using the client-observed time");
            return observed.TotalSeconds;
        }

        return byEngine.TotalSeconds;
    }
}
