using Azure;
using VideoGen.Durable.History;

namespace VideoGen.Durable.Storage;

/// <summary>
/// Every storage request the engine makes, one method per write boundary. This is the seam where tests
/// inject faults (a decorator that "crashes" before or after any call) and count requests.
/// </summary>
internal interface IDurableStorage
{
    /// <summary>Table, queue and container names of the hub.</summary>
    TaskHubNames Names { get; }

    /// <summary>Creates the hub's tables, queues and containers if missing.</summary>
    Task EnsureCreatedAsync(CancellationToken ct);

    // ---- queues ---------------------------------------------------------------------------------------

    /// <summary>
    /// Sends raw text to a queue, optionally hidden for <paramref name="visibilityDelay"/>. The receipt lets the
    /// sender renew or delete the message without dequeuing it (used to run a work item on the sending host).
    /// </summary>
    Task<MessageReceipt> SendAsync(string queueName, string text, TimeSpan? visibilityDelay, CancellationToken ct);

    /// <summary>Dequeues up to <paramref name="max"/> messages, hiding them for <paramref name="visibility"/>.</summary>
    Task<IReadOnlyList<(string Text, MessageReceipt Receipt)>> ReceiveAsync(string queueName, int max, TimeSpan visibility, CancellationToken ct);

    /// <summary>Deletes a dequeued message.</summary>
    Task DeleteMessageAsync(MessageReceipt receipt, CancellationToken ct);

    /// <summary>Changes a dequeued message's visibility (renew, or release with zero); returns the new receipt.</summary>
    Task<MessageReceipt> SetVisibilityAsync(MessageReceipt receipt, TimeSpan visibility, CancellationToken ct);

    // ---- history --------------------------------------------------------------------------------------

    /// <summary>The sentinel and the current execution's committed rows, or null when the instance has no history.</summary>
    Task<StoredHistory?> LoadHistoryAsync(string instanceId, CancellationToken ct);

    /// <summary>The sentinel row alone (one point read), or null.</summary>
    Task<SentinelRow?> GetSentinelAsync(string instanceId, CancellationToken ct);

    /// <summary>
    /// Writes one entity-group transaction to the instance's partition. When <paramref name="sentinel"/> is given
    /// the transaction also writes it guarded by its ETag (or inserts it when the ETag is empty), and a lost race
    /// throws <see cref="DurableStorageConflictException"/>. Returns the sentinel's new ETag (default when none).
    /// </summary>
    Task<ETag> WriteHistoryBatchAsync(string instanceId, IReadOnlyList<HistoryRow> rows, SentinelRow? sentinel, CancellationToken ct);

    /// <summary>Deletes history rows of the instance; all of them, or only those of executions other than <paramref name="keepExecutionId"/>.</summary>
    Task DeleteHistoryAsync(string instanceId, string? keepExecutionId, CancellationToken ct);

    // ---- large payloads -------------------------------------------------------------------------------

    /// <summary>Uploads a gzip-compressed payload to the large-message container.</summary>
    Task UploadPayloadAsync(string blobName, string content, CancellationToken ct);

    /// <summary>Downloads and decompresses a payload.</summary>
    Task<string> DownloadPayloadAsync(string blobName, CancellationToken ct);

    /// <summary>Deletes every payload under the instance's prefix.</summary>
    Task DeletePayloadsAsync(string instanceId, CancellationToken ct);

    // ---- instances table ------------------------------------------------------------------------------

    /// <summary>Inserts the row; false when a row with that id exists.</summary>
    Task<bool> TryAddInstanceAsync(InstanceRow row, CancellationToken ct);

    /// <summary>Inserts or replaces the row.</summary>
    Task UpsertInstanceAsync(InstanceRow row, CancellationToken ct);

    /// <summary>The row, or null.</summary>
    Task<InstanceRow?> GetInstanceAsync(string instanceId, CancellationToken ct);

    /// <summary>Deletes the row if present.</summary>
    Task DeleteInstanceAsync(string instanceId, CancellationToken ct);

    /// <summary>One page of rows matching an OData filter.</summary>
    Task<(IReadOnlyList<InstanceRow> Rows, string? ContinuationToken)> QueryInstancesAsync(string? filter, int pageSize, string? continuationToken, CancellationToken ct);
}

/// <summary>The names of a task hub's resources, in Durable Functions' style.</summary>
internal sealed record TaskHubNames(string Hub, int PartitionCount)
{
    public string InstancesTable => $"{Hub}Instances";
    public string HistoryTable => $"{Hub}History";
    public string WorkItemQueue => $"{Hub}-workitems".ToLowerInvariant();
    public string PoisonQueue => $"{Hub}-poison".ToLowerInvariant();
    public string LargeMessageContainer => $"{Hub}-largemessages".ToLowerInvariant();

    public string ControlQueue(int partition) => $"{Hub}-control-{partition:D2}".ToLowerInvariant();

    public IEnumerable<string> AllQueues => Enumerable.Range(0, PartitionCount).Select(ControlQueue).Append(WorkItemQueue).Append(PoisonQueue);

    /// <summary>The control partition of an instance: a stable hash (FNV-1a) of its id, not string.GetHashCode.</summary>
    public int PartitionOf(string instanceId)
    {
        uint hash = 2166136261;
        foreach (char c in instanceId)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % (uint)PartitionCount);
    }
}

/// <summary>A history event row. <see cref="Data"/> holds the event JSON unless it was offloaded to <see cref="DataBlob"/>.</summary>
internal sealed record HistoryRow(string ExecutionId, int Sequence, string EventType, string? Data, string? DataBlob)
{
    public string RowKey => RowKeyOf(ExecutionId, Sequence);

    public static string RowKeyOf(string executionId, int sequence) => $"{executionId}-{sequence:D8}";
}

/// <summary>
/// The instance's summary row in its history partition. It is the commit point: rows with a sequence at or
/// beyond <see cref="EventCount"/> are not committed and are ignored (and later overwritten).
/// </summary>
internal sealed record SentinelRow
{
    public required string ExecutionId { get; init; }
    public required string Name { get; init; }
    public required OrchestrationRuntimeStatus Status { get; init; }
    public required int EventCount { get; init; }
    public int Episode { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
    public string? CustomStatus { get; init; }
    public string? FailureJson { get; init; }
    /// <summary>First sequence whose outbound messages may not have been sent yet; -1 when all were sent.</summary>
    public int DispatchFrom { get; init; } = -1;
    /// <summary>End (exclusive) of the possibly-unsent range.</summary>
    public int DispatchTo { get; init; } = -1;
    /// <summary>The ETag read with the row; empty for a new instance.</summary>
    public ETag ETag { get; init; }

    /// <summary>The instances-table projection of this sentinel (the row queries see).</summary>
    public InstanceRow ToInstanceRow(string instanceId) => new()
    {
        InstanceId = instanceId,
        Name = Name,
        Status = Status,
        ExecutionId = ExecutionId,
        CreatedAt = CreatedAt,
        LastUpdatedAt = LastUpdatedAt,
        CompletedAt = CompletedAt,
        Input = Input,
        Output = Output,
        CustomStatus = CustomStatus,
        FailureJson = FailureJson,
    };
}

/// <summary>What was read of an instance's history partition.</summary>
internal sealed record StoredHistory(SentinelRow Sentinel, IReadOnlyList<HistoryRow> Rows);

/// <summary>The queryable projection of an instance in the <c>{hub}Instances</c> table.</summary>
internal sealed record InstanceRow
{
    public required string InstanceId { get; init; }
    public required string Name { get; init; }
    public required OrchestrationRuntimeStatus Status { get; init; }
    public string? ExecutionId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
    public string? CustomStatus { get; init; }
    public string? FailureJson { get; init; }
}

/// <summary>A storage write lost an optimistic-concurrency race (HTTP 409/412).</summary>
internal sealed class DurableStorageConflictException(string message, Exception? inner = null) : Exception(message, inner);
