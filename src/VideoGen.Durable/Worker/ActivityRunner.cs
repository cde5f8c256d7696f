using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;

namespace VideoGen.Durable.Worker;

/// <summary>
/// Runs work items on this host within <see cref="DurableTaskOptions.MaxConcurrentActivities"/>: those the
/// work-item poller dequeues, and those the dispatcher starts right after the commit that scheduled them
/// (their work item is still written, hidden, as the durable record: if this host dies it reappears).
/// </summary>
internal sealed partial class ActivityRunner(ActivityProcessor activities, PoisonHandler poison, DurableTaskOptions options, ILogger<ActivityRunner> logger) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentActivities, options.MaxConcurrentActivities);
    private readonly HashSet<Task> _running = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _hardStop = new();
    private volatile bool _accepting;

    /// <summary>Free slots are taken by the poller with <see cref="WaitForSlotAsync"/> / <see cref="TryTakeSlot"/>.</summary>
    public Task WaitForSlotAsync(CancellationToken ct) => _slots.WaitAsync(ct);

    public bool TryTakeSlot() => _slots.Wait(0);

    public void ReleaseSlots(int count)
    {
        if (count > 0)
        {
            _slots.Release(count);
        }
    }

    public void StartAccepting() => _accepting = true;

    /// <summary>Reserves a slot for a work item the dispatcher is about to write; false when none is free or the host is stopping.</summary>
    public bool TryReserveLocal() => options.ExecuteActivitiesLocally && _accepting && _slots.Wait(0);

    /// <summary>Runs a work item in a slot the caller holds; the slot is released when it finishes.</summary>
    public void Start(ReceivedMessage<WorkItemMessage> item) => Start(() => Task.FromResult<ReceivedMessage<WorkItemMessage>?>(item));

    /// <summary>
    /// Runs a dequeued work item in a slot the caller holds: <paramref name="read"/> parses it (possibly downloading
    /// a large payload) inside the work item's own task and returns null for an unreadable message it quarantined.
    /// </summary>
    public void Start(Func<Task<ReceivedMessage<WorkItemMessage>?>> read)
    {
        Task run = RunAsync(read);
        lock (_lock)
        {
            _running.Add(run);
        }

        _ = run.ContinueWith(t => { lock (_lock) { _running.Remove(t); } }, TaskScheduler.Default);
    }

    private async Task RunAsync(Func<Task<ReceivedMessage<WorkItemMessage>?>> read)
    {
        await Task.Yield();
        MessageReceipt? receipt = null;
        try
        {
            if (await read().ConfigureAwait(false) is not { } item)
            {
                return;
            }

            receipt = item.Receipt;
            if (item.Receipt.DequeueCount > options.MaxDequeueCount)
            {
                await poison.QuarantineWorkItemAsync(item, _hardStop.Token).ConfigureAwait(false);
                return;
            }

            await activities.ProcessAsync(item, _hardStop.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Left invisible: it reappears after the visibility timeout and counts toward the poison limit.
            Log.WorkItemFailed(logger, receipt?.MessageId ?? "(unread)", ex.GetType().Name, ex.Message);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Stops local starts, waits for running work items, then cancels them (they release their messages).</summary>
    public async Task StopAsync(TimeSpan timeout, CancellationToken ct)
    {
        _accepting = false;
        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }

        Task all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(timeout, ct)).ConfigureAwait(false) != all)
        {
            await _hardStop.CancelAsync().ConfigureAwait(false);
        }

        await all.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _slots.Dispose();
        _hardStop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(53, LogLevel.Warning, "Work item {MessageId} failed outside the activity: {ErrorType}: {Error}")]
        public static partial void WorkItemFailed(ILogger logger, string messageId, string errorType, string error);
    }
}
