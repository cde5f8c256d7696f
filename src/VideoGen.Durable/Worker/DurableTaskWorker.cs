using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Worker;

/// <summary>
/// The worker host: one poller per control queue and one for the work-item queue. Idle pollers back off
/// exponentially up to <see cref="DurableTaskOptions.MaxPollingInterval"/>, and a send from this process
/// wakes the receiving poller at once. Stopping stops fetching, lets in-flight work finish within
/// <see cref="DurableTaskOptions.ShutdownTimeout"/>, then cancels activities, which release their messages.
/// </summary>
internal sealed partial class DurableTaskWorker(
    IDurableStorage storage,
    TaskHubReady ready,
    QueueSignals signals,
    OrchestrationSessions sessions,
    ActivityRunner activities,
    PoisonHandler poison,
    DurableTaskOptions options,
    ILogger<DurableTaskWorker> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly List<Task> _pollers = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.RunWorker)
        {
            return;
        }

        await ready.EnsureAsync(cancellationToken).ConfigureAwait(false);
        activities.StartAccepting();
        TaskHubNames names = storage.Names;
        for (int p = 0; p < names.PartitionCount; p++)
        {
            string queue = names.ControlQueue(p);
            _pollers.Add(Task.Run(() => PollControlQueueAsync(queue), CancellationToken.None));
        }

        _pollers.Add(Task.Run(PollWorkItemsAsync, CancellationToken.None));
        Log.Started(logger, names.Hub, names.PartitionCount);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_pollers.Count == 0)
        {
            return;
        }

        await _stopFetching.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pollers).ConfigureAwait(false);
        await activities.StopAsync(options.ShutdownTimeout, cancellationToken).ConfigureAwait(false); // cancelled ones release their messages
        if (!await sessions.DrainAsync(options.ShutdownTimeout).ConfigureAwait(false))
        {
            await _hardStop.CancelAsync().ConfigureAwait(false);
        }

        _pollers.Clear();
        Log.Stopped(logger, storage.Names.Hub);
    }

    private async Task PollControlQueueAsync(string queue)
    {
        var backoff = new PollingBackoff(options.MaxPollingInterval);
        int maxHeld = options.MaxConcurrentOrchestrations * options.ControlQueueBatchSize;
        while (!_stopFetching.IsCancellationRequested)
        {
            try
            {
                if (sessions.HeldMessages >= maxHeld)
                {
                    await Task.Delay(10, _stopFetching.Token).ConfigureAwait(false);
                    continue;
                }

                var received = await storage.ReceiveAsync(queue, options.ControlQueueBatchSize, options.ControlQueueVisibilityTimeout, _stopFetching.Token).ConfigureAwait(false);
                if (received.Count == 0)
                {
                    await backoff.WaitAsync(signals, queue, _stopFetching.Token).ConfigureAwait(false);
                    continue;
                }

                backoff.Reset();
                var ready = new List<ReceivedMessage<ControlMessage>>(received.Count);
                foreach ((string text, MessageReceipt receipt) in received)
                {
                    ReceivedMessage<ControlMessage>? m = await ReadAsync<ControlMessage>(text, receipt).ConfigureAwait(false);
                    if (m is null)
                    {
                        continue;
                    }

                    if (receipt.DequeueCount > options.MaxDequeueCount)
                    {
                        await poison.QuarantineControlAsync(m, _hardStop.Token).ConfigureAwait(false);
                        continue;
                    }

                    ready.Add(m);
                }

                foreach (var group in ready.GroupBy(m => m.Body.InstanceId, StringComparer.Ordinal))
                {
                    sessions.Enqueue(group.Key, group.ToList());
                }
            }
            catch (OperationCanceledException) when (_stopFetching.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.PollFailed(logger, queue, ex.GetType().Name, ex.Message);
                await DelayQuietly(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
        }
    }

    private async Task PollWorkItemsAsync()
    {
        string queue = storage.Names.WorkItemQueue;
        var backoff = new PollingBackoff(options.MaxPollingInterval);
        while (!_stopFetching.IsCancellationRequested)
        {
            int taken = 0;
            try
            {
                await activities.WaitForSlotAsync(_stopFetching.Token).ConfigureAwait(false);
                taken = 1;
                while (taken < 32 && activities.TryTakeSlot())
                {
                    taken++;
                }

                var received = await storage.ReceiveAsync(queue, taken, options.WorkItemVisibilityTimeout, _stopFetching.Token).ConfigureAwait(false);
                activities.ReleaseSlots(taken - received.Count);
                taken = 0;
                if (received.Count == 0)
                {
                    await backoff.WaitAsync(signals, queue, _stopFetching.Token).ConfigureAwait(false);
                    continue;
                }

                backoff.Reset();
                foreach ((string text, MessageReceipt receipt) in received)
                {
                    activities.Start(() => ReadAsync<WorkItemMessage>(text, receipt)); // releases its slot when done
                }
            }
            catch (OperationCanceledException) when (_stopFetching.IsCancellationRequested)
            {
                activities.ReleaseSlots(taken);
                return;
            }
            catch (Exception ex)
            {
                activities.ReleaseSlots(taken);
                Log.PollFailed(logger, queue, ex.GetType().Name, ex.Message);
                await DelayQuietly(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Parses a message; an unreadable one goes straight to the poison queue (retrying cannot fix it).</summary>
    private Task<ReceivedMessage<T>?> ReadAsync<T>(string text, MessageReceipt receipt) =>
        poison.ReadOrQuarantineAsync<T>(text, receipt, _hardStop.Token);

    private async Task DelayQuietly(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopFetching.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopFetching.Dispose();
        _hardStop.Dispose();
        return ValueTask.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(50, LogLevel.Information, "Durable worker started on hub {Hub} with {Partitions} control queues")]
        public static partial void Started(ILogger logger, string hub, int partitions);

        [LoggerMessage(51, LogLevel.Information, "Durable worker stopped on hub {Hub}")]
        public static partial void Stopped(ILogger logger, string hub);

        [LoggerMessage(52, LogLevel.Warning, "Polling {Queue} failed: {ErrorType}: {Error}")]
        public static partial void PollFailed(ILogger logger, string queue, string errorType, string error);
    }
}

/// <summary>Exponential back-off for an idle queue: 10 ms doubling to a ceiling; a local send cuts it short.</summary>
internal sealed class PollingBackoff(TimeSpan max)
{
    private TimeSpan _next = TimeSpan.Zero;

    public void Reset() => _next = TimeSpan.Zero;

    public async Task WaitAsync(QueueSignals signals, string queue, CancellationToken ct)
    {
        _next = _next == TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, max.Ticks));
        if (await signals.WaitAsync(queue, _next, ct).ConfigureAwait(false))
        {
            _next = TimeSpan.Zero;
        }
    }
}
