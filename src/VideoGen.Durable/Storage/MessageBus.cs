using VideoGen.Durable.History;

namespace VideoGen.Durable.Storage;

/// <summary>
/// Sends engine messages to the right queue (control partition by instance id, or the work-item queue),
/// offloading large ones, and wakes this process's own pollers so a local hop does not wait for a poll.
/// </summary>
internal sealed class MessageBus(IDurableStorage storage, PayloadStore payloads, QueueSignals signals)
{
    public TaskHubNames Names => storage.Names;

    public async Task SendControlAsync(ControlMessage message, TimeSpan? visibilityDelay, CancellationToken ct)
    {
        string text = await payloads.ToMessageTextAsync(message.InstanceId, message, ct).ConfigureAwait(false);
        string queue = Names.ControlQueue(Names.PartitionOf(message.InstanceId));
        await storage.SendAsync(queue, text, visibilityDelay, ct).ConfigureAwait(false);
        if (visibilityDelay is null || visibilityDelay <= TimeSpan.Zero)
        {
            signals.Notify(queue);
        }
    }

    /// <summary>Writes a work item hidden for <paramref name="visibility"/>, for this host to run at once.</summary>
    public async Task<ReceivedMessage<WorkItemMessage>> SendHiddenWorkItemAsync(WorkItemMessage message, TimeSpan visibility, CancellationToken ct)
    {
        string text = await payloads.ToMessageTextAsync(message.InstanceId, message, ct).ConfigureAwait(false);
        MessageReceipt receipt = await storage.SendAsync(Names.WorkItemQueue, text, visibility, ct).ConfigureAwait(false);
        return new ReceivedMessage<WorkItemMessage>(message, receipt, text);
    }

    public async Task SendWorkItemAsync(WorkItemMessage message, CancellationToken ct)
    {
        string text = await payloads.ToMessageTextAsync(message.InstanceId, message, ct).ConfigureAwait(false);
        await storage.SendAsync(Names.WorkItemQueue, text, null, ct).ConfigureAwait(false);
        signals.Notify(Names.WorkItemQueue);
    }
}

/// <summary>
/// In-process wake-ups per queue: a sender in this process signals the queue's poller so it polls now
/// instead of after its back-off. Other processes still find the message by polling.
/// </summary>
internal sealed class QueueSignals
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    public void Notify(string queue)
    {
        SemaphoreSlim s = _signals.GetOrAdd(queue, _ => new SemaphoreSlim(0, 1));
        if (s.CurrentCount == 0)
        {
            try
            {
                s.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>Waits for a signal or the delay, whichever is first; true when signalled.</summary>
    public Task<bool> WaitAsync(string queue, TimeSpan delay, CancellationToken ct)
        => _signals.GetOrAdd(queue, _ => new SemaphoreSlim(0, 1)).WaitAsync(delay, ct);
}
