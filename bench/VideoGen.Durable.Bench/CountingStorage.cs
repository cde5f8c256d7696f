using Azure;
using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Bench;

/// <summary>The storage-seam methods, one counter each.</summary>
internal enum StorageCall
{
    EnsureCreatedAsync,
    SendAsync,
    ReceiveAsync,
    DeleteMessageAsync,
    SetVisibilityAsync,
    LoadHistoryAsync,
    GetSentinelAsync,
    WriteHistoryBatchAsync,
    DeleteHistoryAsync,
    UploadPayloadAsync,
    DownloadPayloadAsync,
    DeletePayloadsAsync,
    TryAddInstanceAsync,
    UpsertInstanceAsync,
    GetInstanceAsync,
    DeleteInstanceAsync,
    QueryInstancesAsync,
}

/// <summary>
/// Thread-safe per-method counters of storage-seam calls. <see cref="Snapshot.EmptyReceives"/> separately counts
/// <c>ReceiveAsync</c> calls that returned no message (idle polling), <see cref="Snapshot.MessagesReceived"/> the
/// messages the others returned.
/// </summary>
internal sealed class StorageCounters
{
    private static readonly int MethodCount = Enum.GetValues<StorageCall>().Length;
    private readonly long[] _counts = new long[MethodCount];
    private long _emptyReceives;
    private long _messagesReceived;

    public void Add(StorageCall call) => Interlocked.Increment(ref _counts[(int)call]);

    public void AddReceived(int messages)
    {
        if (messages == 0)
        {
            Interlocked.Increment(ref _emptyReceives);
        }
        else
        {
            Interlocked.Add(ref _messagesReceived, messages);
        }
    }

    public Snapshot Take()
    {
        var counts = new long[MethodCount];
        for (int i = 0; i < MethodCount; i++)
        {
            counts[i] = Interlocked.Read(ref _counts[i]);
        }

        return new Snapshot(counts, Interlocked.Read(ref _emptyReceives), Interlocked.Read(ref _messagesReceived));
    }

    /// <summary>Counter values at one moment; subtract two to get the calls made in between.</summary>
    internal sealed record Snapshot(long[] Counts, long EmptyReceives, long MessagesReceived)
    {
        public static Snapshot Zero { get; } = new(new long[MethodCount], 0, 0);

        public long Total => Counts.Sum();

        public long this[StorageCall call] => Counts[(int)call];

        public static Snapshot operator -(Snapshot later, Snapshot earlier) => new(
            later.Counts.Zip(earlier.Counts, (a, b) => a - b).ToArray(),
            later.EmptyReceives - earlier.EmptyReceives,
            later.MessagesReceived - earlier.MessagesReceived);

        public static Snapshot operator +(Snapshot a, Snapshot b) => new(
            a.Counts.Zip(b.Counts, (x, y) => x + y).ToArray(),
            a.EmptyReceives + b.EmptyReceives,
            a.MessagesReceived + b.MessagesReceived);

        public IEnumerable<(StorageCall Call, long Count)> ByMethod()
            => Enum.GetValues<StorageCall>().Select(c => (c, this[c]));

        /// <summary>One line: total, non-zero methods, and what the receives returned.</summary>
        public string Describe()
        {
            long receives = this[StorageCall.ReceiveAsync];
            long nonEmpty = receives - EmptyReceives;
            string methods = string.Join(", ", ByMethod().Where(x => x.Count > 0).OrderByDescending(x => x.Count).Select(x => $"{x.Call} {x.Count}"));
            string batch = nonEmpty > 0 ? $"{(double)MessagesReceived / nonEmpty:0.0}" : "-";
            return $"{Total} seam calls ({methods}); {EmptyReceives} empty receives; {nonEmpty} non-empty receives returned {MessagesReceived} messages ({batch} per receive)";
        }
    }
}

/// <summary>
/// Decorates the engine's storage seam: every <see cref="IDurableStorage"/> call increments its method's
/// counter when it is forwarded (receives: when they return), failed calls included (they cost a request too).
/// </summary>
internal sealed class CountingStorage(IDurableStorage inner, StorageCounters counters) : IDurableStorage
{
    public TaskHubNames Names => inner.Names;

    public Task EnsureCreatedAsync(CancellationToken ct)
    {
        counters.Add(StorageCall.EnsureCreatedAsync);
        return inner.EnsureCreatedAsync(ct);
    }

    public Task<MessageReceipt> SendAsync(string queueName, string text, TimeSpan? visibilityDelay, CancellationToken ct)
    {
        counters.Add(StorageCall.SendAsync);
        return inner.SendAsync(queueName, text, visibilityDelay, ct);
    }

    public async Task<IReadOnlyList<(string Text, MessageReceipt Receipt)>> ReceiveAsync(string queueName, int max, TimeSpan visibility, CancellationToken ct)
    {
        // Counted when it returns (unlike the others), so that a receive and what it returned fall in one window.
        int received = 0;
        try
        {
            IReadOnlyList<(string Text, MessageReceipt Receipt)> messages = await inner.ReceiveAsync(queueName, max, visibility, ct).ConfigureAwait(false);
            received = messages.Count;
            return messages;
        }
        finally
        {
            counters.Add(StorageCall.ReceiveAsync);
            counters.AddReceived(received);
        }
    }

    public Task DeleteMessageAsync(MessageReceipt receipt, CancellationToken ct)
    {
        counters.Add(StorageCall.DeleteMessageAsync);
        return inner.DeleteMessageAsync(receipt, ct);
    }

    public Task<MessageReceipt> SetVisibilityAsync(MessageReceipt receipt, TimeSpan visibility, CancellationToken ct)
    {
        counters.Add(StorageCall.SetVisibilityAsync);
        return inner.SetVisibilityAsync(receipt, visibility, ct);
    }

    public Task<StoredHistory?> LoadHistoryAsync(string instanceId, CancellationToken ct)
    {
        counters.Add(StorageCall.LoadHistoryAsync);
        return inner.LoadHistoryAsync(instanceId, ct);
    }

    public Task<SentinelRow?> GetSentinelAsync(string instanceId, CancellationToken ct)
    {
        counters.Add(StorageCall.GetSentinelAsync);
        return inner.GetSentinelAsync(instanceId, ct);
    }

    public Task<ETag> WriteHistoryBatchAsync(string instanceId, IReadOnlyList<HistoryRow> rows, SentinelRow? sentinel, CancellationToken ct)
    {
        counters.Add(StorageCall.WriteHistoryBatchAsync);
        return inner.WriteHistoryBatchAsync(instanceId, rows, sentinel, ct);
    }

    public Task DeleteHistoryAsync(string instanceId, string? keepExecutionId, CancellationToken ct)
    {
        counters.Add(StorageCall.DeleteHistoryAsync);
        return inner.DeleteHistoryAsync(instanceId, keepExecutionId, ct);
    }

    public Task UploadPayloadAsync(string blobName, string content, CancellationToken ct)
    {
        counters.Add(StorageCall.UploadPayloadAsync);
        return inner.UploadPayloadAsync(blobName, content, ct);
    }

    public Task<string> DownloadPayloadAsync(string blobName, CancellationToken ct)
    {
        counters.Add(StorageCall.DownloadPayloadAsync);
        return inner.DownloadPayloadAsync(blobName, ct);
    }

    public Task DeletePayloadsAsync(string instanceId, CancellationToken ct)
    {
        counters.Add(StorageCall.DeletePayloadsAsync);
        return inner.DeletePayloadsAsync(instanceId, ct);
    }

    public Task<bool> TryAddInstanceAsync(InstanceRow row, CancellationToken ct)
    {
        counters.Add(StorageCall.TryAddInstanceAsync);
        return inner.TryAddInstanceAsync(row, ct);
    }

    public Task UpsertInstanceAsync(InstanceRow row, CancellationToken ct)
    {
        counters.Add(StorageCall.UpsertInstanceAsync);
        return inner.UpsertInstanceAsync(row, ct);
    }

    public Task<InstanceRow?> GetInstanceAsync(string instanceId, CancellationToken ct)
    {
        counters.Add(StorageCall.GetInstanceAsync);
        return inner.GetInstanceAsync(instanceId, ct);
    }

    public Task DeleteInstanceAsync(string instanceId, CancellationToken ct)
    {
        counters.Add(StorageCall.DeleteInstanceAsync);
        return inner.DeleteInstanceAsync(instanceId, ct);
    }

    public Task<(IReadOnlyList<InstanceRow> Rows, string? ContinuationToken)> QueryInstancesAsync(string? filter, int pageSize, string? continuationToken, CancellationToken ct)
    {
        counters.Add(StorageCall.QueryInstancesAsync);
        return inner.QueryInstancesAsync(filter, pageSize, continuationToken, ct);
    }
}
