using Azure;
using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>
/// A storage decorator that forwards every call to the real storage through one hook,
/// <see cref="InvokeAsync{T}"/>, which sees the operation's name (see <see cref="StorageOperations"/>).
/// </summary>
internal abstract class DelegatingDurableStorage(IDurableStorage inner) : IDurableStorage
{
    protected IDurableStorage Inner => inner;

    public TaskHubNames Names => inner.Names;

    /// <summary>Runs one storage call; <paramref name="operation"/> names it, e.g. <c>SendAsync(control)</c>.</summary>
    protected virtual Task<T> InvokeAsync<T>(string operation, Func<Task<T>> call) => call();

    public virtual Task EnsureCreatedAsync(CancellationToken ct)
        => Void(StorageOperations.EnsureCreated, () => inner.EnsureCreatedAsync(ct));

    public virtual Task<MessageReceipt> SendAsync(string queueName, string text, TimeSpan? visibilityDelay, CancellationToken ct)
        => InvokeAsync(StorageOperations.Send(queueName), () => inner.SendAsync(queueName, text, visibilityDelay, ct));

    public virtual Task<IReadOnlyList<(string Text, MessageReceipt Receipt)>> ReceiveAsync(string queueName, int max, TimeSpan visibility, CancellationToken ct)
        => InvokeAsync(StorageOperations.Receive, () => inner.ReceiveAsync(queueName, max, visibility, ct));

    public virtual Task DeleteMessageAsync(MessageReceipt receipt, CancellationToken ct)
        => Void(StorageOperations.DeleteMessage, () => inner.DeleteMessageAsync(receipt, ct));

    public virtual Task<MessageReceipt> SetVisibilityAsync(MessageReceipt receipt, TimeSpan visibility, CancellationToken ct)
        => InvokeAsync(StorageOperations.SetVisibility, () => inner.SetVisibilityAsync(receipt, visibility, ct));

    public virtual Task<StoredHistory?> LoadHistoryAsync(string instanceId, CancellationToken ct)
        => InvokeAsync(StorageOperations.LoadHistory, () => inner.LoadHistoryAsync(instanceId, ct));

    public virtual Task<SentinelRow?> GetSentinelAsync(string instanceId, CancellationToken ct)
        => InvokeAsync(StorageOperations.GetSentinel, () => inner.GetSentinelAsync(instanceId, ct));

    public virtual Task<ETag> WriteHistoryBatchAsync(string instanceId, IReadOnlyList<HistoryRow> rows, SentinelRow? sentinel, CancellationToken ct)
        => InvokeAsync(StorageOperations.WriteHistoryBatch, () => inner.WriteHistoryBatchAsync(instanceId, rows, sentinel, ct));

    public virtual Task DeleteHistoryAsync(string instanceId, string? keepExecutionId, CancellationToken ct)
        => Void(StorageOperations.DeleteHistory, () => inner.DeleteHistoryAsync(instanceId, keepExecutionId, ct));

    public virtual Task UploadPayloadAsync(string blobName, string content, CancellationToken ct)
        => Void(StorageOperations.UploadPayload, () => inner.UploadPayloadAsync(blobName, content, ct));

    public virtual Task<string> DownloadPayloadAsync(string blobName, CancellationToken ct)
        => InvokeAsync(StorageOperations.DownloadPayload, () => inner.DownloadPayloadAsync(blobName, ct));

    public virtual Task DeletePayloadsAsync(string instanceId, CancellationToken ct)
        => Void(StorageOperations.DeletePayloads, () => inner.DeletePayloadsAsync(instanceId, ct));

    public virtual Task<bool> TryAddInstanceAsync(InstanceRow row, CancellationToken ct)
        => InvokeAsync(StorageOperations.TryAddInstance, () => inner.TryAddInstanceAsync(row, ct));

    public virtual Task UpsertInstanceAsync(InstanceRow row, CancellationToken ct)
        => Void(StorageOperations.UpsertInstance, () => inner.UpsertInstanceAsync(row, ct));

    public virtual Task<InstanceRow?> GetInstanceAsync(string instanceId, CancellationToken ct)
        => InvokeAsync(StorageOperations.GetInstance, () => inner.GetInstanceAsync(instanceId, ct));

    public virtual Task DeleteInstanceAsync(string instanceId, CancellationToken ct)
        => Void(StorageOperations.DeleteInstance, () => inner.DeleteInstanceAsync(instanceId, ct));

    public virtual Task<(IReadOnlyList<InstanceRow> Rows, string? ContinuationToken)> QueryInstancesAsync(string? filter, int pageSize, string? continuationToken, CancellationToken ct)
        => InvokeAsync(StorageOperations.QueryInstances, () => inner.QueryInstancesAsync(filter, pageSize, continuationToken, ct));

    private Task Void(string operation, Func<Task> call) => InvokeAsync(operation, async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });
}

/// <summary>Names of the storage operations, as fault plans and counters refer to them.</summary>
internal static class StorageOperations
{
    public const string EnsureCreated = "EnsureCreatedAsync";
    public const string SendControl = "SendAsync(control)";
    public const string SendWorkItem = "SendAsync(workitems)";
    public const string SendPoison = "SendAsync(poison)";
    public const string Receive = "ReceiveAsync";
    public const string DeleteMessage = "DeleteMessageAsync";
    public const string SetVisibility = "SetVisibilityAsync";
    public const string LoadHistory = "LoadHistoryAsync";
    public const string GetSentinel = "GetSentinelAsync";
    public const string WriteHistoryBatch = "WriteHistoryBatchAsync";
    public const string DeleteHistory = "DeleteHistoryAsync";
    public const string UploadPayload = "UploadPayloadAsync";
    public const string DownloadPayload = "DownloadPayloadAsync";
    public const string DeletePayloads = "DeletePayloadsAsync";
    public const string TryAddInstance = "TryAddInstanceAsync";
    public const string UpsertInstance = "UpsertInstanceAsync";
    public const string GetInstance = "GetInstanceAsync";
    public const string DeleteInstance = "DeleteInstanceAsync";
    public const string QueryInstances = "QueryInstancesAsync";

    /// <summary>The send operation for <paramref name="queueName"/>: control, work items or poison.</summary>
    public static string Send(string queueName) =>
        queueName.Contains("-control-", StringComparison.Ordinal) ? SendControl
        : queueName.EndsWith("-workitems", StringComparison.Ordinal) ? SendWorkItem
        : queueName.EndsWith("-poison", StringComparison.Ordinal) ? SendPoison
        : $"SendAsync({queueName})";
}
