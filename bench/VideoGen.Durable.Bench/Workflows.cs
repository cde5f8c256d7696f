using System.Diagnostics;

namespace VideoGen.Durable.Bench;

/// <summary>Input of one sequential-hop run: a run id (stale activities of other runs are ignored) and the hop count.</summary>
internal sealed record HopPlan(string Run, int Count);

/// <summary>Input of one hop activity.</summary>
internal sealed record HopInput(string Run, int Index);

/// <summary>
/// The benchmark's orchestrators and activities. Activities are trivial and report to <see cref="Probe"/>, so
/// timings are taken where the work happens (inside the activity), not by polling the client.
/// </summary>
internal static class Workflows
{
    public const string HopChain = nameof(HopChain);
    public const string FanOut = nameof(FanOut);
    public const string Chain = nameof(Chain);
    public const string IdleProbe = nameof(IdleProbe);

    public const string Hop = nameof(Hop);
    public const string Work = nameof(Work);
    public const string Touch = nameof(Touch);

    public static void Register(DurableTaskRegistry r, Probe probe) => r
        .AddOrchestratorFunc<HopPlan, int>(HopChain, async (ctx, plan) =>
        {
            for (int i = 0; i < plan.Count; i++)
            {
                await ctx.CallActivityAsync<int>(Hop, new HopInput(plan.Run, i));
            }

            return plan.Count;
        })
        .AddOrchestratorFunc<int, int>(FanOut, async (ctx, n) =>
        {
            int[] results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>(Work, i)));
            return results.Length;
        })
        .AddOrchestratorFunc<int, int>(Chain, async (ctx, n) =>
        {
            for (int i = 0; i < n; i++)
            {
                await ctx.CallActivityAsync<int>(Work, i);
            }

            return n;
        })
        .AddOrchestratorFunc<string, string>(IdleProbe, async (ctx, tag) =>
        {
            await ctx.CallActivityAsync<int>(Touch, tag);
            return tag;
        })
        .AddActivityFunc<HopInput, int>(Hop, (_, input) =>
        {
            probe.RecordHop(input);
            return Task.FromResult(input.Index);
        })
        .AddActivityFunc<int, int>(Work, (_, i) =>
        {
            probe.RecordWork();
            return Task.FromResult(i);
        })
        .AddActivityFunc<string, int>(Touch, (_, tag) =>
        {
            probe.RecordTouch(tag);
            return Task.FromResult(0);
        });
}

/// <summary>What the activities report to the scenarios that started them.</summary>
internal sealed class Probe(StorageCounters counters, MeterCounters meters)
{
    private HopRun? _hops;
    private Countdown? _work;
    private TouchWait? _touch;

    public HopRun StartHops(string run, int count)
    {
        var hops = new HopRun(run, count, counters, meters);
        Volatile.Write(ref _hops, hops);
        return hops;
    }

    public Countdown StartWork(int expected)
    {
        var work = new Countdown(expected);
        Volatile.Write(ref _work, work);
        return work;
    }

    public Task<long> ExpectTouch(string tag)
    {
        var tcs = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _touch, new TouchWait(tag, tcs));
        return tcs.Task;
    }

    public void RecordHop(HopInput input)
    {
        HopRun? run = Volatile.Read(ref _hops);
        if (run is not null && run.Id == input.Run)
        {
            run.Record(input.Index);
        }
    }

    public void RecordWork() => Volatile.Read(ref _work)?.Signal();

    public void RecordTouch(string tag)
    {
        long now = Stopwatch.GetTimestamp();
        if (Volatile.Read(ref _touch) is { } t && t.Tag == tag)
        {
            t.Touched.TrySetResult(now);
        }
    }

    private sealed record TouchWait(string Tag, TaskCompletionSource<long> Touched);
}

/// <summary>
/// Timestamps of one sequential-hop run, taken inside the activity, and the request counters at the first and
/// the last hop: the window in between holds exactly <c>Count − 1</c> complete hops, polling included.
/// </summary>
internal sealed class HopRun(string id, int count, StorageCounters counters, MeterCounters meters)
{
    private readonly long[] _stamps = new long[count];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; } = id;

    public int Count { get; } = count;

    public Task Completed => _done.Task;

    public StorageCounters.Snapshot? FirstStorage { get; private set; }

    public StorageCounters.Snapshot? LastStorage { get; private set; }

    public MeterCounters.Snapshot? FirstMeters { get; private set; }

    public MeterCounters.Snapshot? LastMeters { get; private set; }

    /// <summary>Activities that ran twice (redelivery) are counted once, at their first run.</summary>
    public int Duplicates => _duplicates;

    private int _duplicates;

    public void Record(int index)
    {
        long now = Stopwatch.GetTimestamp();
        if (Interlocked.CompareExchange(ref _stamps[index], now, 0) != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        if (index == 0)
        {
            FirstStorage = counters.Take();
            FirstMeters = meters.Take();
        }

        if (index == Count - 1)
        {
            LastStorage = counters.Take();
            LastMeters = meters.Take();
            _done.TrySetResult();
        }
    }

    /// <summary>Time between consecutive activity executions, for every pair that both ran.</summary>
    public List<double> HopSamples()
    {
        var samples = new List<double>(Count);
        for (int i = 1; i < Count; i++)
        {
            long a = Volatile.Read(ref _stamps[i - 1]);
            long b = Volatile.Read(ref _stamps[i]);
            if (a != 0 && b != 0)
            {
                samples.Add(Stats.Ms(a, b));
            }
        }

        return samples;
    }

    /// <summary>Index of the last hop that ran, or −1.</summary>
    public int LastRecorded()
    {
        for (int i = Count - 1; i >= 0; i--)
        {
            if (Volatile.Read(ref _stamps[i]) != 0)
            {
                return i;
            }
        }

        return -1;
    }

    public long StampOf(int index) => Volatile.Read(ref _stamps[index]);
}

/// <summary>Counts activity executions until an expected number has run.</summary>
internal sealed class Countdown(int expected)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private long _first;

    public int Expected { get; } = expected;

    public int Count => Volatile.Read(ref _count);

    public Task Completed => _done.Task;

    /// <summary>Stopwatch timestamp of the first execution (0 before).</summary>
    public long First => Interlocked.Read(ref _first);

    /// <summary>Stopwatch timestamp of the execution that reached <see cref="Expected"/> (0 before).</summary>
    public long Last { get; private set; }

    public void Signal()
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _first, now, 0);
        if (Interlocked.Increment(ref _count) == Expected)
        {
            Last = now;
            _done.TrySetResult();
        }
    }
}
