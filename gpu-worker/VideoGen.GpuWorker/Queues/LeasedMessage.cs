using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace VideoGen.GpuWorker.Queues;

/// <summary>
/// A received queue message whose visibility is extended in the background while its job runs. Every update
/// returns a new pop receipt, so deletion and release go through here and use the latest one.
/// </summary>
internal sealed class LeasedMessage : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly TimeSpan _visibility;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _popReceipt;
    private Task _renewal = Task.CompletedTask;
    private bool _settled;

    public LeasedMessage(QueueClient queue, QueueMessage message, TimeSpan visibility, ILogger logger)
    {
        _queue = queue;
        Message = message;
        _popReceipt = message.PopReceipt;
        _visibility = visibility;
        _logger = logger;
    }

    public QueueMessage Message { get; }

    public string QueueName => _queue.Name;

    public string MessageId => Message.MessageId;

    /// <summary>True once the message was deleted or released.</summary>
    public bool IsSettled => Volatile.Read(ref _settled);

    /// <summary>Starts extending the visibility every third of the timeout.</summary>
    public void StartRenewal() => _renewal = RenewLoopAsync(_stop.Token);

    /// <summary>Deletes the message (the job is done or moved to the poison queue).</summary>
    public Task DeleteAsync(CancellationToken cancellationToken) =>
        SettleAsync(receipt => _queue.DeleteMessageAsync(MessageId, receipt, cancellationToken));

    /// <summary>Makes the message visible again after <paramref name="delay"/> (zero: at once).</summary>
    public Task ReleaseAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        SettleAsync(receipt => _queue.UpdateMessageAsync(MessageId, receipt, visibilityTimeout: delay, cancellationToken: cancellationToken));

    public async ValueTask DisposeAsync()
    {
        await StopRenewalAsync().ConfigureAwait(false);
        _stop.Dispose();
        _gate.Dispose();
    }

    private async Task SettleAsync(Func<string, Task> action)
    {
        await StopRenewalAsync().ConfigureAwait(false);
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_settled)
            {
                return;
            }
            await action(_popReceipt).ConfigureAwait(false);
            _settled = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopRenewalAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        try
        {
            await _renewal.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected when stopped.
        }
    }

    private async Task RenewLoopAsync(CancellationToken stop)
    {
        var interval = _visibility / 3;
        while (true)
        {
            await Task.Delay(interval, stop).ConfigureAwait(false);
            await _gate.WaitAsync(stop).ConfigureAwait(false);
            try
            {
                // Stopping cancels the wait, never the update: once the service has applied it, the old pop receipt
                // is dead, and a cancelled call would leave us without the new one (delete/release would then fail
                // with PopReceiptMismatch). Settling waits for this call, for at most one visibility timeout: an
                // update slower than that has lost the lease anyway.
                using var bound = new CancellationTokenSource(_visibility);
                var receipt = await _queue.UpdateMessageAsync(MessageId, _popReceipt, visibilityTimeout: _visibility, cancellationToken: bound.Token)
                    .ConfigureAwait(false);
                _popReceipt = receipt.Value.PopReceipt;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException or OperationCanceledException)
            {
                _logger.LeaseLost(e, MessageId);
                return;
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
