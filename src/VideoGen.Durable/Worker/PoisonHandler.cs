using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;
using VideoGen.Durable.Replay;
using VideoGen.Durable.Storage;
using VideoGen.Durable.Telemetry;

namespace VideoGen.Durable.Worker;

/// <summary>
/// Moves messages that cannot be processed to <c>{hub}-poison</c> and makes the damage visible: an unreadable
/// message is quarantined at once; a control message dequeued too often fails its instance with the reason;
/// a work item dequeued too often fails its task, so the orchestration's own error handling decides.
/// </summary>
internal sealed partial class PoisonHandler(
    IDurableStorage storage,
    PayloadStore payloads,
    MessageBus bus,
    OrchestrationProcessor processor,
    DurableTaskOptions options,
    ILogger<PoisonHandler> logger)
{
    /// <summary>
    /// Parses a dequeued message, or — when it cannot be read — moves it to the poison queue at once (retrying cannot
    /// fix it) and returns null. Every consumer of the hub's queues reads through here.
    /// </summary>
    public async Task<ReceivedMessage<T>?> ReadOrQuarantineAsync<T>(string text, MessageReceipt receipt, CancellationToken ct)
    {
        try
        {
            return new ReceivedMessage<T>(await payloads.FromMessageTextAsync<T>(text, ct).ConfigureAwait(false), receipt, text);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or ArgumentException)
        {
            await QuarantineUnreadableAsync(receipt, text, ex, ct).ConfigureAwait(false);
            return null;
        }
    }

    public async Task QuarantineUnreadableAsync(MessageReceipt receipt, string text, Exception error, CancellationToken ct)
    {
        string reason = $"Message {receipt.MessageId} on {receipt.QueueName} could not be read: {error.GetType().Name}: {error.Message}";
        await MoveAsync(receipt, text, reason, "unreadable", ct).ConfigureAwait(false);
    }

    public async Task QuarantineControlAsync(ReceivedMessage<ControlMessage> m, CancellationToken ct)
    {
        string reason = $"Control message {m.Receipt.MessageId} ({m.Body.Event.GetType().Name}) for instance '{m.Body.InstanceId}' was dequeued "
            + $"{m.Receipt.DequeueCount} times (limit {options.MaxDequeueCount}) without completing; it was moved to poison queue '{storage.Names.PoisonQueue}'.";
        await MoveAsync(m.Receipt, m.RawText, reason, m.Body.InstanceId, ct).ConfigureAwait(false);
        await RecordOnInstanceAsync(m.Body.InstanceId, reason, ct).ConfigureAwait(false);
    }

    public async Task QuarantineWorkItemAsync(ReceivedMessage<WorkItemMessage> m, CancellationToken ct)
    {
        WorkItemMessage w = m.Body;
        string reason = $"Work item for activity '{w.Name}' (instance '{w.InstanceId}', task #{w.TaskId}) was dequeued {m.Receipt.DequeueCount} times "
            + $"(limit {options.MaxDequeueCount}) without completing; it was moved to poison queue '{storage.Names.PoisonQueue}'.";
        var failed = new TaskFailed(w.TaskId, new TaskFailureDetails("VideoGen.Durable.PoisonMessage", reason, IsNonRetriable: true));
        await bus.SendControlAsync(new ControlMessage(w.InstanceId, w.ExecutionId, failed, Guid.NewGuid().ToString("N"), w.TraceParent), null, ct).ConfigureAwait(false);
        await MoveAsync(m.Receipt, m.RawText, reason, w.InstanceId, ct).ConfigureAwait(false);
    }

    private async Task MoveAsync(MessageReceipt receipt, string text, string reason, string owner, CancellationToken ct)
    {
        var record = new PoisonRecord(receipt.QueueName, receipt.MessageId, receipt.DequeueCount, reason, DateTimeOffset.UtcNow, text);
        string body = await payloads.ToMessageTextAsync($"poison/{owner}", record, ct).ConfigureAwait(false);
        await storage.SendAsync(storage.Names.PoisonQueue, body, null, ct).ConfigureAwait(false);
        await storage.DeleteMessageAsync(receipt, ct).ConfigureAwait(false);
        DurableTelemetry.Poisoned.Add(1);
        Log.Quarantined(logger, reason);
    }

    /// <summary>Fails the instance in its history; if even that cannot be written, on its instances-table row.</summary>
    private async Task RecordOnInstanceAsync(string instanceId, string reason, CancellationToken ct)
    {
        var failure = new TaskFailureDetails("VideoGen.Durable.PoisonMessage", reason, IsNonRetriable: true);
        try
        {
            InstanceState state = await processor.LoadAsync(instanceId, ct).ConfigureAwait(false);
            if (state.Sentinel is not null)
            {
                if (!state.Sentinel.Status.IsTerminal())
                {
                    await processor.FailAsync(state, failure, ct).ConfigureAwait(false);
                }

                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.HistoryUnwritable(logger, instanceId, ex.Message);
        }

        InstanceRow? row = await storage.GetInstanceAsync(instanceId, ct).ConfigureAwait(false);
        if (row is not null && !row.Status.IsTerminal())
        {
            await storage.UpsertInstanceAsync(row with
            {
                Status = OrchestrationRuntimeStatus.Failed,
                LastUpdatedAt = DateTimeOffset.UtcNow,
                CompletedAt = DateTimeOffset.UtcNow,
                FailureJson = EngineJson.Serialize(failure),
            }, ct).ConfigureAwait(false);
        }
    }

    private sealed record PoisonRecord(string SourceQueue, string MessageId, long DequeueCount, string Reason, DateTimeOffset QuarantinedAt, string Body);

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Error, "Poison message quarantined: {Reason}")]
        public static partial void Quarantined(ILogger logger, string reason);

        [LoggerMessage(31, LogLevel.Error, "Instance {InstanceId}: could not record the poison failure in history ({Reason}); recording it on the instances table")]
        public static partial void HistoryUnwritable(ILogger logger, string instanceId, string reason);
    }
}
