using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;
using VideoGen.Durable.Storage;
using VideoGen.Durable.Telemetry;

namespace VideoGen.Durable.Worker;

/// <summary>
/// Runs one work item: resolve the activity from DI, run it while renewing the message's visibility,
/// send the result to the instance's control queue, then delete the work item. A crash before the delete
/// runs the activity again (at-least-once); the orchestration applies only the first result.
/// </summary>
internal sealed partial class ActivityProcessor(
    IDurableStorage storage,
    MessageBus bus,
    DurableTaskRegistry registry,
    OrchestrationSessions sessions,
    IServiceProvider services,
    JsonDataConverter converter,
    DurableTaskOptions options,
    ILogger<ActivityProcessor> logger)
{
    public async Task ProcessAsync(ReceivedMessage<WorkItemMessage> received, CancellationToken shutdown)
    {
        WorkItemMessage w = received.Body;
        using Activity? span = DurableTelemetry.StartActivity(w.Name, w.InstanceId, w.TaskId, w.TraceParent);
        await using var lease = new MessageLease(storage, received.Receipt, options.WorkItemVisibilityTimeout, logger);
        HistoryEvent result;
        try
        {
            result = await RunAsync(w, (int)received.Receipt.DequeueCount, shutdown).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // The host is stopping: hand the work item to another host now rather than after the timeout.
            MessageReceipt receipt = await lease.StopAsync().ConfigureAwait(false);
            await storage.SetVisibilityAsync(receipt, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            Log.Released(logger, w.Name, w.InstanceId, w.TaskId);
            return;
        }

        MessageReceipt final = await lease.StopAsync().ConfigureAwait(false);
        if (result is TaskFailed failed)
        {
            span?.SetStatus(ActivityStatusCode.Error, failed.Failure.ErrorMessage);
        }

        var message = new ControlMessage(w.InstanceId, w.ExecutionId, result, Guid.NewGuid().ToString("N"), Activity.Current?.Id ?? w.TraceParent);
        if (options.DeliverActivityResultsLocally && !received.Receipt.HostOwned)
        {
            // The work item stays in its queue (invisible) as the durable record until the session commits the
            // result and deletes it; if the episode fails, the session releases it and the activity runs again.
            sessions.Enqueue(w.InstanceId, [new ReceivedMessage<ControlMessage>(message, final, "")]);
            return;
        }

        // A host-delivered work item is deleted by the Functions host once this returns, so its result must be
        // durable (on the control queue) first; it cannot wait in a local session.
        await bus.SendControlAsync(message, null, CancellationToken.None).ConfigureAwait(false);
        await storage.DeleteMessageAsync(final, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<HistoryEvent> RunAsync(WorkItemMessage w, int dequeueCount, CancellationToken ct)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        ITaskActivity? activity = registry.CreateActivity(w.Name, scope.ServiceProvider);
        if (activity is null)
        {
            return new TaskFailed(w.TaskId, new TaskFailureDetails(
                "VideoGen.Durable.ActivityNotFound",
                $"No activity named '{w.Name}' is registered on this worker (instance '{w.InstanceId}', task #{w.TaskId}).",
                IsNonRetriable: true));
        }

        try
        {
            object? input = converter.Deserialize(w.Input, activity.InputType);
            object? output = await activity.RunAsync(new TaskActivityContext(w.Name, w.InstanceId, w.TaskId, dequeueCount, ct), input).ConfigureAwait(false);
            DurableTelemetry.ActivitiesRun.Add(1);
            return new TaskCompleted(w.TaskId, converter.Serialize(output));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.ActivityFailed(logger, w.Name, w.InstanceId, w.TaskId, ex.GetType().Name, ex.Message);
            return new TaskFailed(w.TaskId, TaskFailureDetails.FromException(ex));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Activity {Name} ({InstanceId} #{TaskId}) failed: {ErrorType}: {Error}")]
        public static partial void ActivityFailed(ILogger logger, string name, string instanceId, int taskId, string errorType, string error);

        [LoggerMessage(21, LogLevel.Information, "Activity {Name} ({InstanceId} #{TaskId}) released for another host at shutdown")]
        public static partial void Released(ILogger logger, string name, string instanceId, int taskId);
    }
}

/// <summary>Keeps a dequeued message hidden while work on it runs, renewing at half the visibility timeout.</summary>
internal sealed partial class MessageLease : IAsyncDisposable
{
    private readonly IDurableStorage _storage;
    private readonly TimeSpan _visibility;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private MessageReceipt _receipt;

    public MessageLease(IDurableStorage storage, MessageReceipt receipt, TimeSpan visibility, ILogger logger)
    {
        _storage = storage;
        _receipt = receipt;
        _visibility = visibility;
        _logger = logger;
        _loop = RenewAsync();
    }

    /// <summary>Stops renewing and returns the latest receipt (pop receipts change on every renewal).</summary>
    public async Task<MessageReceipt> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
        return _receipt;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(_visibility / 2, _stop.Token).ConfigureAwait(false);
                // Stopping cancels the wait, never the renewal itself: once the service has applied it the old pop
                // receipt is dead, and a cancelled call would leave StopAsync returning it (the delete would then
                // fail with PopReceiptMismatch). StopAsync waits for this call, for at most one visibility timeout: a
                // renewal slower than that has lost the lease anyway (logged below).
                using var bound = new CancellationTokenSource(_visibility);
                try
                {
                    _receipt = await _storage.SetVisibilityAsync(_receipt, _visibility, bound.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (bound.IsCancellationRequested)
                {
                    LeaseLost(_logger, _receipt.MessageId, _receipt.QueueName, $"the renewal took longer than the {_visibility} visibility timeout");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LeaseLost(_logger, _receipt.MessageId, _receipt.QueueName, ex.Message);
        }
    }

    [LoggerMessage(22, LogLevel.Warning, "Could not renew message {MessageId} on {Queue}: {Reason}; another host may run it too")]
    private static partial void LeaseLost(ILogger logger, string messageId, string queue, string reason);
}
