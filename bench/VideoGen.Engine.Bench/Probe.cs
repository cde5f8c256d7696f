using System.Diagnostics;

namespace VideoGen.Engine.Bench;

/// <summary>What the activities report to the scenario that started them (one per host).</summary>
internal sealed class Probe(RequestCounter counter)
{
    private HopRun? _hops;
    private Countdown? _work;
    private TouchWait? _touch;

    public HopRun StartHops(string run, int count)
    {
        var hops = new HopRun(run, count, counter);
        Volatile.Write(ref _hops, hops);
        return hops;
    }

    public Countdown StartWork(string run, int expected)
    {
        var work = new Countdown(run, expected);
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
        if (Volatile.Read(ref _hops) is { } run && run.Id == input.Run)
        {
            run.Record(input.Index);
        }
    }

    public void RecordWork(string run)
    {
        if (Volatile.Read(ref _work) is { } work && work.Run == run)
        {
            work.Signal();
        }
    }

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
/// Timestamps of one sequential-hop run, taken inside the activity, and the request counts at the first and the last
/// hop: the window in between holds exactly <c>Count − 1</c> complete hops and everything the host did meanwhile.
/// </summary>
internal sealed class HopRun(string id, int count, RequestCounter counter)
{
    private readonly long[] _stamps = new long[count];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _duplicates;

    public string Id { get; } = id;

    public int Count { get; } = count;

    public Task Completed => _done.Task;

    public RequestCounter.Snapshot? First { get; private set; }

    public RequestCounter.Snapshot? Last { get; private set; }

    /// <summary>Activities that ran twice (redelivery), counted once at their first run.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

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
            First = counter.Take();
        }

        if (index == Count - 1)
        {
            Last = counter.Take();
            _done.TrySetResult();
        }
    }

    /// <summary>Time between consecutive activity executions, for every pair that both ran.</summary>
    public List<double> Samples()
    {
        var samples = new List<double>(Count);
        for (int i = 1; i < Count; i++)
        {
            long a = Volatile.Read(ref _stamps[i - 1]), b = Volatile.Read(ref _stamps[i]);
            if (a != 0 && b != 0)
            {
                samples.Add(Stats.Ms(a, b));
            }
        }

        return samples;
    }
}

/// <summary>Counts the activities of one run until an expected number has run.</summary>
internal sealed class Countdown(string run, int expected)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private long _first;

    public string Run { get; } = run;

    public int Count => Volatile.Read(ref _count);

    public Task Completed => _done.Task;

    /// <summary>Stopwatch timestamp of the first execution (0 before).</summary>
    public long First => Interlocked.Read(ref _first);

    /// <summary>Stopwatch timestamp of the execution that reached the expected count (0 before).</summary>
    public long Last { get; private set; }

    public void Signal()
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _first, now, 0);
        if (Interlocked.Increment(ref _count) == expected)
        {
            Last = now;
            _done.TrySetResult();
        }
    }
}
