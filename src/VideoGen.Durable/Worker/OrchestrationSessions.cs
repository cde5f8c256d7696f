using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Worker;

/// <summary>
/// One in-memory session per instance with work on this host: messages that arrive while an episode runs
/// wait in the session and form the next episode, so a host never runs two episodes of one instance at once.
/// Episodes of different instances run in parallel up to <see cref="DurableTaskOptions.MaxConcurrentOrchestrations"/>.
/// </summary>
internal sealed partial class OrchestrationSessions(
    OrchestrationProcessor processor,
    IDurableStorage storage,
    DurableTaskOptions options,
    ILogger<OrchestrationSessions> logger) : IDisposable
{
    /// <summary>Inbound messages per episode: leaves room in one transaction for the episode's own events.</summary>
    private const int MaxMessagesPerEpisode = 64;

    private readonly Dictionary<string, List<ReceivedMessage<ControlMessage>>> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _running = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentOrchestrations, options.MaxConcurrentOrchestrations);
    private readonly CancellationTokenSource _hardStop = new();
    private int _heldMessages;

    /// <summary>Messages held by sessions (in flight or waiting); pollers stop fetching above a bound.</summary>
    public int HeldMessages => Volatile.Read(ref _heldMessages);

    public void Enqueue(string instanceId, IReadOnlyList<ReceivedMessage<ControlMessage>> messages)
    {
        Interlocked.Add(ref _heldMessages, messages.Count);
        lock (_lock)
        {
            if (_pending.TryGetValue(instanceId, out var queued))
            {
                queued.AddRange(messages);
                return;
            }

            _pending[instanceId] = [.. messages];
            Task run = Task.Run(() => RunSessionAsync(instanceId), CancellationToken.None);
            _running.Add(run);
            _ = run.ContinueWith(t => { lock (_lock) { _running.Remove(t); } }, TaskScheduler.Default);
        }
    }

    private async Task RunSessionAsync(string instanceId)
    {
        while (true)
        {
            List<ReceivedMessage<ControlMessage>> batch;
            lock (_lock)
            {
                List<ReceivedMessage<ControlMessage>> queued = _pending[instanceId];
                if (queued.Count == 0)
                {
                    _pending.Remove(instanceId);
                    return;
                }

                batch = queued.Take(MaxMessagesPerEpisode).ToList();
                queued.RemoveRange(0, batch.Count);
            }

            await _slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await processor.ProcessAsync(instanceId, batch, _hardStop.Token).ConfigureAwait(false);
                foreach (ReceivedMessage<ControlMessage> m in batch)
                {
                    m.Completion?.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                Log.EpisodeFailed(logger, instanceId, ex.GetType().Name, ex.Message);
                await ReleaseAsync(batch, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                foreach (ReceivedMessage<ControlMessage> m in batch)
                {
                    m.Completion?.TrySetException(ex);
                }
            }
            finally
            {
                _slots.Release();
                Interlocked.Add(ref _heldMessages, -batch.Count);
            }
        }
    }

    /// <summary>Waits for running episodes; if they do not finish in time, cancels them and returns false.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }

        Task all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false) == all)
        {
            return true;
        }

        await _hardStop.CancelAsync().ConfigureAwait(false); // a cancelled episode's messages are released or reappear
        return false;
    }

    public void Dispose()
    {
        _slots.Dispose();
        _hardStop.Dispose();
    }

    /// <summary>Makes messages visible again (after <paramref name="delay"/>) so this or another host retries them.</summary>
    private async Task ReleaseAsync(IEnumerable<ReceivedMessage<ControlMessage>> messages, TimeSpan delay)
    {
        foreach (ReceivedMessage<ControlMessage> m in messages)
        {
            try
            {
                await storage.SetVisibilityAsync(m.Receipt, delay, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Not ours any more, or storage is unreachable: it reappears after its visibility timeout anyway.
                Log.ReleaseFailed(logger, m.Receipt.MessageId, ex.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Warning, "Episode of {InstanceId} failed: {ErrorType}: {Error}; its messages will be retried")]
        public static partial void EpisodeFailed(ILogger logger, string instanceId, string errorType, string error);

        [LoggerMessage(41, LogLevel.Debug, "Could not release message {MessageId}: {Reason}")]
        public static partial void ReleaseFailed(ILogger logger, string messageId, string reason);
    }
}
