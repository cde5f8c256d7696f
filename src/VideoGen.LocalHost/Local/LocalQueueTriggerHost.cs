using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using VideoGen.Functions.Hosting;
using VideoGen.Functions.Triggers;

namespace VideoGen.LocalHost.Local;

/// <summary>
/// The local host's stand-in for the Functions host's queue listener: for every queue-triggered function
/// (<see cref="IQueueFunction"/>, listed in <see cref="FunctionTable.Queues"/>) it polls the queue and hands the message
/// text to the same handler the isolated app's <c>[QueueTrigger]</c> wrapper calls. Like the host it keeps a message hidden
/// while its invocation runs, deletes it on success, makes it visible again after host.json's
/// <c>visibilityTimeout</c> on failure, and moves it to <c>{queue}-poison</c> after <c>maxDequeueCount</c> dequeues.
/// Idle queues are polled with back-off from 10 ms up to <see cref="FunctionAppOptions.MaxPollingInterval"/>.
/// </summary>
public sealed partial class LocalQueueTriggerHost(
    QueueServiceClient queues,
    IEnumerable<IQueueFunction> functions,
    DurableTaskClient client,
    HostQueueSettings settings,
    IOptions<FunctionAppOptions> options,
    ILogger<LocalQueueTriggerHost> logger) : BackgroundService
{
    private TimeSpan Lease => options.Value.LocalQueueLease;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pollers = new List<Task>();
        foreach (IQueueFunction f in functions)
        {
            QueueClient queue = queues.GetQueueClient(f.QueueName);
            await StorageWaitAsync(() => queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken), stoppingToken).ConfigureAwait(false);
            pollers.Add(PollAsync(f, queue, stoppingToken));
        }

        Log.Started(logger, pollers.Count);
        await Task.WhenAll(pollers).ConfigureAwait(false);
    }

    private async Task PollAsync(IQueueFunction f, QueueClient queue, CancellationToken stop)
    {
        TimeSpan idle = TimeSpan.Zero;
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                running.RemoveAll(t => t.IsCompleted);
                int room = settings.BatchSize - running.Count;
                if (room <= 0)
                {
                    await Task.WhenAny(running).ConfigureAwait(false);
                    continue;
                }

                QueueMessage[] messages = (await queue.ReceiveMessagesAsync(Math.Min(room, 32), Lease, stop).ConfigureAwait(false)).Value;
                if (messages.Length == 0)
                {
                    idle = idle == TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.Value.MaxPollingInterval.Ticks));
                    await Task.Delay(idle, stop).ConfigureAwait(false);
                    continue;
                }

                idle = TimeSpan.Zero;
                foreach (QueueMessage m in messages)
                {
                    running.Add(Task.Run(() => InvokeAsync(f, queue, m, stop), CancellationToken.None));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.PollFailed(logger, queue.Name, ex.GetType().Name, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task InvokeAsync(IQueueFunction f, QueueClient queue, QueueMessage m, CancellationToken stop)
    {
        string popReceipt = m.PopReceipt;
        if (m.DequeueCount > settings.MaxDequeueCount)
        {
            QueueClient poison = queues.GetQueueClient(queue.Name + "-poison");
            await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            await poison.SendMessageAsync(m.Body.ToString(), CancellationToken.None).ConfigureAwait(false);
            await queue.DeleteMessageAsync(m.MessageId, popReceipt, CancellationToken.None).ConfigureAwait(false);
            Log.Poisoned(logger, m.MessageId, queue.Name, m.DequeueCount);
            return;
        }

        using var renewal = new CancellationTokenSource();
        Task renew = RenewAsync();
        try
        {
            await f.HandleAsync(m.Body.ToString(), client, stop).ConfigureAwait(false);
            await renewal.CancelAsync().ConfigureAwait(false);
            await renew.ConfigureAwait(false);
            await queue.DeleteMessageAsync(m.MessageId, popReceipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await renewal.CancelAsync().ConfigureAwait(false);
            await renew.ConfigureAwait(false);
            Log.InvocationFailed(logger, f.Name, m.MessageId, ex.GetType().Name, ex.Message);
            try
            {
                await queue.UpdateMessageAsync(m.MessageId, popReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Lease lost: the message reappears after its visibility timeout anyway.
            }
        }

        async Task RenewAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(Lease / 2, renewal.Token).ConfigureAwait(false);
                    // The token cancels the wait only: a cancelled update that the service already applied would
                    // leave us holding a dead pop receipt, and the delete below would fail with PopReceiptMismatch.
                    // Bounded by one lease: an update slower than that has lost the message anyway.
                    using var bound = new CancellationTokenSource(Lease);
                    try
                    {
                        popReceipt = (await queue.UpdateMessageAsync(m.MessageId, popReceipt, visibilityTimeout: Lease, cancellationToken: bound.Token).ConfigureAwait(false)).Value.PopReceipt;
                    }
                    catch (OperationCanceledException) when (bound.IsCancellationRequested)
                    {
                        Log.RenewFailed(logger, m.MessageId, $"the renewal took longer than the {Lease} lease");
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (renewal.IsCancellationRequested)
            {
            }
            catch (RequestFailedException ex)
            {
                Log.RenewFailed(logger, m.MessageId, ex.Message);
            }
        }
    }


    /// <summary>Storage may not be up yet when the host starts: wait for it (the durable host reports not ready meanwhile).</summary>
    private Task StorageWaitAsync(Func<Task> attempt, CancellationToken ct) =>
        VideoGen.DurableHost.StorageWait.UntilAsync(attempt, (n, delay, ex) => Log.PollFailed(logger, "(start-up)", ex.GetType().Name, ex.Message), TimeSpan.Zero, ct);

    private static partial class Log
    {
        [LoggerMessage(130, LogLevel.Information, "Local mode: polling {Count} queue-triggered functions")]
        public static partial void Started(ILogger logger, int count);

        [LoggerMessage(131, LogLevel.Warning, "Polling {Queue} failed: {ErrorType}: {Error}")]
        public static partial void PollFailed(ILogger logger, string queue, string errorType, string error);

        [LoggerMessage(132, LogLevel.Warning, "Function {Function} failed on message {MessageId}: {ErrorType}: {Error}; it will be retried")]
        public static partial void InvocationFailed(ILogger logger, string function, string messageId, string errorType, string error);

        [LoggerMessage(133, LogLevel.Warning, "Message {MessageId} on {Queue} was dequeued {Count} times; moved to the poison queue")]
        public static partial void Poisoned(ILogger logger, string messageId, string queue, long count);

        [LoggerMessage(134, LogLevel.Debug, "Could not renew message {MessageId}: {Reason}")]
        public static partial void RenewFailed(ILogger logger, string messageId, string reason);
    }
}

