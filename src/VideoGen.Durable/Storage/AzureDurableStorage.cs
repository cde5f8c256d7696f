using System.IO.Compression;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using VideoGen.Durable.History;

namespace VideoGen.Durable.Storage;

/// <summary>
/// <see cref="IDurableStorage"/> over Azure Storage (or Azurite): two tables, N+2 queues and one blob
/// container per task hub. SDK failures are classified at this boundary: 409/412 become
/// <see cref="DurableStorageConflictException"/>; everything else propagates after the SDK's own retries.
/// </summary>
internal sealed class AzureDurableStorage : IDurableStorage
{
    private const string SentinelRowKey = "sentinel";
    private readonly QueueServiceClient _queues;
    private readonly TableClient _history;
    private readonly TableClient _instances;
    private readonly BlobContainerClient _payloads;
    private readonly Dictionary<string, QueueClient> _queueClients = new(StringComparer.Ordinal);

    public AzureDurableStorage(DurableTaskOptions options)
    {
        Names = new TaskHubNames(options.HubName, options.PartitionCount);
        _queues = new QueueServiceClient(options.StorageConnectionString);
        var tables = new TableServiceClient(options.StorageConnectionString);
        _history = tables.GetTableClient(Names.HistoryTable);
        _instances = tables.GetTableClient(Names.InstancesTable);
        _payloads = new BlobServiceClient(options.StorageConnectionString).GetBlobContainerClient(Names.LargeMessageContainer);
        foreach (string queue in Names.AllQueues)
        {
            _queueClients[queue] = _queues.GetQueueClient(queue);
        }
    }

    public TaskHubNames Names { get; }

    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        var work = new List<Task>
        {
            _history.CreateIfNotExistsAsync(ct),
            _instances.CreateIfNotExistsAsync(ct),
            _payloads.CreateIfNotExistsAsync(cancellationToken: ct),
        };
        work.AddRange(_queueClients.Values.Select(q => (Task)q.CreateIfNotExistsAsync(cancellationToken: ct)));
        await Task.WhenAll(work).ConfigureAwait(false);
    }

    // ---- queues ---------------------------------------------------------------------------------------

    public async Task<MessageReceipt> SendAsync(string queueName, string text, TimeSpan? visibilityDelay, CancellationToken ct)
    {
        SendReceipt r = (await Queue(queueName).SendMessageAsync(text, visibilityDelay, TimeSpan.FromSeconds(-1), ct).ConfigureAwait(false)).Value;
        return new MessageReceipt(queueName, r.MessageId, r.PopReceipt, 0, r.InsertionTime);
    }

    public async Task<IReadOnlyList<(string Text, MessageReceipt Receipt)>> ReceiveAsync(string queueName, int max, TimeSpan visibility, CancellationToken ct)
    {
        QueueMessage[] messages = (await Queue(queueName).ReceiveMessagesAsync(max, visibility, ct).ConfigureAwait(false)).Value;
        var result = new List<(string, MessageReceipt)>(messages.Length);
        foreach (QueueMessage m in messages)
        {
            result.Add((m.Body.ToString(), new MessageReceipt(queueName, m.MessageId, m.PopReceipt, m.DequeueCount, m.InsertedOn)));
        }

        return result;
    }

    public async Task DeleteMessageAsync(MessageReceipt receipt, CancellationToken ct)
    {
        if (receipt.HostOwned)
        {
            return; // the Functions host deletes it when the invocation succeeds
        }

        try
        {
            await Queue(receipt.QueueName).DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsLeaseLost(ex))
        {
            // Already deleted, or our lease on it lapsed and another host took it: either way it is not ours.
        }
    }

    public async Task<MessageReceipt> SetVisibilityAsync(MessageReceipt receipt, TimeSpan visibility, CancellationToken ct)
    {
        if (receipt.HostOwned)
        {
            return receipt; // the Functions host keeps it hidden while the invocation runs, and releases it on failure
        }

        try
        {
            UpdateReceipt r = (await Queue(receipt.QueueName)
                .UpdateMessageAsync(receipt.MessageId, receipt.PopReceipt, visibilityTimeout: visibility, cancellationToken: ct)
                .ConfigureAwait(false)).Value;
            return receipt with { PopReceipt = r.PopReceipt };
        }
        catch (RequestFailedException ex) when (IsLeaseLost(ex))
        {
            throw new DurableStorageConflictException($"Message {receipt.MessageId} on {receipt.QueueName} is no longer held by this host.", ex);
        }
    }

    /// <summary>404: the message is gone; 400 PopReceiptMismatch: it was dequeued again by someone else.</summary>
    private static bool IsLeaseLost(RequestFailedException ex)
        => ex.Status == 404 || (ex.Status == 400 && ex.ErrorCode == QueueErrorCode.PopReceiptMismatch.ToString());

    private QueueClient Queue(string name) => _queueClients.TryGetValue(name, out var q)
        ? q
        : throw new ArgumentException($"Queue '{name}' is not part of task hub '{Names.Hub}'.", nameof(name));

    // ---- history --------------------------------------------------------------------------------------

    public async Task<StoredHistory?> LoadHistoryAsync(string instanceId, CancellationToken ct)
    {
        // One partition query; the sentinel sorts last, so a commit racing the read shows up as missing rows,
        // which the completeness check turns into a re-read.
        for (int attempt = 1; ; attempt++)
        {
            var rows = new List<TableEntity>();
            TableEntity? sentinel = null;
            await foreach (TableEntity e in _history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, maxPerPage: 1000, cancellationToken: ct).ConfigureAwait(false))
            {
                if (e.RowKey == SentinelRowKey)
                {
                    sentinel = e;
                }
                else
                {
                    rows.Add(e);
                }
            }

            if (sentinel is null)
            {
                return null;
            }

            SentinelRow s = TableMapping.ToSentinel(sentinel);
            List<HistoryRow> committed = rows
                .Select(TableMapping.ToHistoryRow)
                .Where(r => r.ExecutionId == s.ExecutionId && r.Sequence < s.EventCount)
                .OrderBy(r => r.Sequence)
                .ToList();
            if (committed.Count == s.EventCount && committed.Select((r, i) => r.Sequence == i).All(ok => ok))
            {
                return new StoredHistory(s, committed);
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException(
                    $"History of '{instanceId}' is incomplete: sentinel says {s.EventCount} events of execution {s.ExecutionId}, found {committed.Count}.");
            }
        }
    }

    public async Task<SentinelRow?> GetSentinelAsync(string instanceId, CancellationToken ct)
    {
        NullableResponse<TableEntity> r = await _history.GetEntityIfExistsAsync<TableEntity>(instanceId, SentinelRowKey, cancellationToken: ct).ConfigureAwait(false);
        return r.HasValue ? TableMapping.ToSentinel(r.Value!) : null;
    }

    public async Task<ETag> WriteHistoryBatchAsync(string instanceId, IReadOnlyList<HistoryRow> rows, SentinelRow? sentinel, CancellationToken ct)
    {
        if (rows.Count + (sentinel is null ? 0 : 1) > 100)
        {
            throw new ArgumentException($"An entity-group transaction holds at most 100 entities; got {rows.Count} rows.", nameof(rows));
        }

        var actions = new List<TableTransactionAction>(rows.Count + 1);
        actions.AddRange(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, TableMapping.ToEntity(instanceId, r))));
        if (sentinel is not null)
        {
            TableEntity entity = TableMapping.ToEntity(instanceId, SentinelRowKey, sentinel);
            actions.Add(sentinel.ETag == default
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, sentinel.ETag));
        }

        if (actions.Count == 0)
        {
            return default;
        }

        try
        {
            Response<IReadOnlyList<Response>> response = await _history.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            return sentinel is null ? default : response.Value[^1].Headers.ETag ?? default;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412) // TableTransactionFailedException included
        {
            throw new DurableStorageConflictException($"History of '{instanceId}' was changed by another writer (HTTP {ex.Status}).", ex);
        }
    }

    public async Task DeleteHistoryAsync(string instanceId, string? keepExecutionId, CancellationToken ct)
    {
        var keys = new List<string>();
        await foreach (TableEntity e in _history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            bool keep = keepExecutionId is not null && (e.RowKey == SentinelRowKey || e.RowKey.StartsWith(keepExecutionId + "-", StringComparison.Ordinal));
            if (!keep)
            {
                keys.Add(e.RowKey);
            }
        }

        foreach (string[] chunk in keys.Chunk(100))
        {
            var actions = chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, k), ETag.All));
            try
            {
                await _history.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // Deleted concurrently; the next purge pass will catch any rest.
            }
        }
    }

    // ---- large payloads -------------------------------------------------------------------------------

    public async Task UploadPayloadAsync(string blobName, string content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(content);
            await gzip.WriteAsync(bytes, ct).ConfigureAwait(false);
        }

        buffer.Position = 0;
        await _payloads.GetBlobClient(blobName).UploadAsync(buffer, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json", ContentEncoding = "gzip" },
        }, ct).ConfigureAwait(false);
    }

    public async Task<string> DownloadPayloadAsync(string blobName, CancellationToken ct)
    {
        try
        {
            Response<BlobDownloadStreamingResult> download = await _payloads.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false);
            await using Stream body = download.Value.Content;
            await using var gzip = new GZipStream(body, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new InvalidOperationException($"Large payload '{blobName}' is missing from container '{Names.LargeMessageContainer}'.", ex);
        }
    }

    public async Task DeletePayloadsAsync(string instanceId, CancellationToken ct)
    {
        await foreach (BlobItem blob in _payloads.GetBlobsAsync(new GetBlobsOptions { Prefix = instanceId + "/" }, ct).ConfigureAwait(false))
        {
            await _payloads.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct).ConfigureAwait(false);
        }
    }

    // ---- instances table ------------------------------------------------------------------------------

    public async Task<bool> TryAddInstanceAsync(InstanceRow row, CancellationToken ct)
    {
        try
        {
            await _instances.AddEntityAsync(TableMapping.ToEntity(row), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public Task UpsertInstanceAsync(InstanceRow row, CancellationToken ct)
        => _instances.UpsertEntityAsync(TableMapping.ToEntity(row), TableUpdateMode.Replace, ct);

    public async Task<InstanceRow?> GetInstanceAsync(string instanceId, CancellationToken ct)
    {
        NullableResponse<TableEntity> r = await _instances.GetEntityIfExistsAsync<TableEntity>(instanceId, "", cancellationToken: ct).ConfigureAwait(false);
        return r.HasValue ? TableMapping.ToInstanceRow(r.Value!) : null;
    }

    public async Task DeleteInstanceAsync(string instanceId, CancellationToken ct)
    {
        try
        {
            await _instances.DeleteEntityAsync(instanceId, "", ETag.All, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task<(IReadOnlyList<InstanceRow> Rows, string? ContinuationToken)> QueryInstancesAsync(string? filter, int pageSize, string? continuationToken, CancellationToken ct)
    {
        await foreach (Page<TableEntity> page in _instances.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: ct).AsPages(continuationToken, pageSize).ConfigureAwait(false))
        {
            return (page.Values.Select(TableMapping.ToInstanceRow).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }
}
