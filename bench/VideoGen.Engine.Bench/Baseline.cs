using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace VideoGen.Engine.Bench;

/// <summary>
/// The raw storage floor, measured with the Azure SDK against the same Azurite in the same run: what any engine on
/// Azure Storage queues has to pay at least.
/// </summary>
internal static class Baseline
{
    /// <summary>Send + receive + delete of one message (3 requests), one after the other; the samples in ms.</summary>
    public static async Task<List<double>> QueueRoundTripsAsync(string connectionString, int rounds, CancellationToken ct)
    {
        var queue = new QueueClient(connectionString, $"bench-rt-{Guid.NewGuid():N}"[..30]);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        var samples = new List<double>(rounds);
        for (int i = -5; i < rounds; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            await queue.SendMessageAsync("ping", ct).ConfigureAwait(false);
            QueueMessage[] received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false)).Value;
            foreach (QueueMessage m in received)
            {
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct).ConfigureAwait(false);
            }

            if (i >= 0)
            {
                samples.Add(Stats.Ms(t0, Stopwatch.GetTimestamp()));
            }
        }

        await queue.DeleteIfExistsAsync(ct).ConfigureAwait(false);
        return samples;
    }

    /// <summary>One entity-group transaction of two upserts (1 request, like a history checkpoint); median ms.</summary>
    public static async Task<double> TableBatchAsync(string connectionString, int rounds, CancellationToken ct)
    {
        var table = new TableClient(connectionString, $"benchbatch{Guid.NewGuid():N}"[..20]);
        await table.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        var samples = new List<double>(rounds);
        for (int i = -5; i < rounds; i++)
        {
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.UpsertReplace, new TableEntity("p", $"e{i + 5:D8}") { ["Data"] = new string('x', 200) }),
                new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "sentinel") { ["Count"] = i }),
            ];
            long t0 = Stopwatch.GetTimestamp();
            await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            if (i >= 0)
            {
                samples.Add(Stats.Ms(t0, Stopwatch.GetTimestamp()));
            }
        }

        await table.DeleteAsync(ct).ConfigureAwait(false);
        Report.Note($"baseline table batch: {Stats.Describe(samples)}");
        return Stats.Median(samples);
    }

    /// <summary>
    /// Azurite's own request rate: <paramref name="concurrency"/> loops peeking an empty queue for
    /// <paramref name="duration"/>; requests per second.
    /// </summary>
    public static async Task<double> RequestRateAsync(string connectionString, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        var queue = new QueueClient(connectionString, $"bench-rate-{Guid.NewGuid():N}"[..30]);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        await queue.PeekMessagesAsync(1, ct).ConfigureAwait(false);
        long count = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await queue.PeekMessagesAsync(1, ct).ConfigureAwait(false);
                Interlocked.Increment(ref count);
            }
        })).ConfigureAwait(false);
        double rate = count / clock.Elapsed.TotalSeconds;
        await queue.DeleteIfExistsAsync(ct).ConfigureAwait(false);
        return rate;
    }

    /// <summary>
    /// A fan-out done by hand on two queues, the least storage work a queue-based fan-out/fan-in needs per activity:
    /// <paramref name="n"/> work messages are sent (16 at a time); <paramref name="workers"/> loops receive them 32 at a
    /// time and, for each, send a result message and delete the work message; one loop receives the results 32 at a time
    /// and deletes them; an empty receive waits 5 ms, doubling to 100 ms while they stay empty (DTFx: 50 ms up to its
    /// max poll). 4 requests per activity plus the batched receives; activities per second until the last result is deleted.
    /// </summary>
    public static async Task<double> RawFanOutAsync(string connectionString, int n, int workers, CancellationToken ct)
    {
        string id = Guid.NewGuid().ToString("N")[..20];
        var work = new QueueClient(connectionString, $"bench-w-{id}");
        var results = new QueueClient(connectionString, $"bench-r-{id}");
        await work.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        await results.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        done.CancelAfter(TimeSpan.FromSeconds(120));
        int collected = 0;
        var clock = Stopwatch.StartNew();

        Task send = Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = done.Token },
            async (i, c) => await work.SendMessageAsync($"work {i}", c).ConfigureAwait(false));
        Task[] workerLoops = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var idle = new Backoff();
            while (!done.IsCancellationRequested)
            {
                QueueMessage[] batch = (await work.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), done.Token).ConfigureAwait(false)).Value;
                if (batch.Length == 0)
                {
                    await idle.WaitAsync(done.Token).ConfigureAwait(false);
                    continue;
                }

                idle.Reset();
                await Task.WhenAll(batch.Select(async m =>
                {
                    await results.SendMessageAsync("result", done.Token).ConfigureAwait(false);
                    await work.DeleteMessageAsync(m.MessageId, m.PopReceipt, done.Token).ConfigureAwait(false);
                })).ConfigureAwait(false);
            }
        }, done.Token))];
        var collectorIdle = new Backoff();
        while (collected < n)
        {
            QueueMessage[] batch = (await results.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), done.Token).ConfigureAwait(false)).Value;
            if (batch.Length == 0)
            {
                await collectorIdle.WaitAsync(done.Token).ConfigureAwait(false);
                continue;
            }

            collectorIdle.Reset();
            await Task.WhenAll(batch.Select(m => results.DeleteMessageAsync(m.MessageId, m.PopReceipt, done.Token))).ConfigureAwait(false);
            collected += batch.Length;
        }

        double seconds = clock.Elapsed.TotalSeconds;
        await done.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll([send, .. workerLoops]).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the worker loops end here
        }

        await work.DeleteIfExistsAsync(ct).ConfigureAwait(false);
        await results.DeleteIfExistsAsync(ct).ConfigureAwait(false);
        return n / seconds;
    }

    /// <summary>
    /// Sends, receives and deletes <paramref name="n"/> messages (16 at a time), then watches Azurite for 75 s: the queue
    /// GC of an in-memory Azurite runs every 60 s and, per deleted message, scans its whole store.
    /// </summary>
    public static async Task GcCheckAsync(string connectionString, int n, CancellationToken ct)
    {
        var queue = new QueueClient(connectionString, $"bench-gc-{Guid.NewGuid():N}"[..30]);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, c) =>
        {
            await queue.SendMessageAsync($"m{i}", c).ConfigureAwait(false);
            QueueMessage[] got = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5), c).ConfigureAwait(false)).Value;
            foreach (QueueMessage m in got)
            {
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, c).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        Report.Note($"gc check: {n} messages sent, received and deleted in {clock.Elapsed.TotalSeconds:0.0} s; watching Azurite for 75 s");
        await using var watch = new AzuriteWatch(connectionString);
        await Task.Delay(TimeSpan.FromSeconds(75), ct).ConfigureAwait(false);
        (int count, double total, double max) = watch.All();
        Report.Figure("azurite_gc_check_freezes", count, "count");
        Report.Figure("azurite_gc_check_longest_freeze_ms", max, "ms");
    }

    /// <summary>The raw pipeline's wait after an empty receive: 5 ms, doubling to 100 ms; back to 5 ms after a message.</summary>
    private sealed class Backoff
    {
        private int _ms = 5;

        public async Task WaitAsync(CancellationToken ct)
        {
            await Task.Delay(_ms, ct).ConfigureAwait(false);
            _ms = Math.Min(_ms * 2, 100);
        }

        public void Reset() => _ms = 5;
    }
}
