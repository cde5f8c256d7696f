using Microsoft.Extensions.Hosting;
using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Worker;

/// <summary>What a queue trigger knows about the message it delivers (the Functions host's trigger metadata).</summary>
/// <param name="MessageId">The queue message id.</param>
/// <param name="PopReceipt">The pop receipt the host dequeued it with.</param>
/// <param name="DequeueCount">How many times the message has been dequeued, this time included.</param>
/// <param name="InsertedOn">When the message was first enqueued, if known.</param>
public sealed record QueueTriggerMessage(string MessageId, string PopReceipt, long DequeueCount, DateTimeOffset? InsertedOn);

/// <summary>
/// Runs the engine's control-queue and work-item processing for messages that something else dequeued: the Azure
/// Functions host (queue triggers on <c>{hub}-control-NN</c> and <c>{hub}-workitems</c>) or the function app's own
/// local pollers. The caller owns the message: it keeps it hidden while <see cref="ProcessAsync"/> runs and
/// deletes it only when the call returns, so this call returns only once the message's effects are durable
/// (its episode committed, or its activity's result is on a control queue). A failed call leaves the message to
/// the caller's retry; a message dequeued more than <see cref="DurableTaskOptions.MaxDequeueCount"/> times is moved
/// to <c>{hub}-poison</c> with the reason recorded on its instance, and the call then succeeds.
/// Use with <see cref="DurableTaskOptions.RunWorker"/> = false, so the engine's own pollers do not also run.
/// </summary>
public sealed class QueueTriggerBridge : IHostedService
{
    private readonly IDurableStorage _storage;
    private readonly TaskHubReady _ready;
    private readonly OrchestrationSessions _sessions;
    private readonly ActivityProcessor _activities;
    private readonly ActivityRunner _runner;
    private readonly PoisonHandler _poison;
    private readonly DurableTaskOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<string> _controlQueues;

    internal QueueTriggerBridge(
        IDurableStorage storage, TaskHubReady ready, OrchestrationSessions sessions,
        ActivityProcessor activities, ActivityRunner runner, PoisonHandler poison, DurableTaskOptions options)
    {
        _storage = storage;
        _ready = ready;
        _sessions = sessions;
        _activities = activities;
        _runner = runner;
        _poison = poison;
        _options = options;
        TaskHubNames names = storage.Names;
        ControlQueueNames = [.. Enumerable.Range(0, names.PartitionCount).Select(names.ControlQueue)];
        _controlQueues = new HashSet<string>(ControlQueueNames, StringComparer.Ordinal);
        WorkItemQueueName = names.WorkItemQueue;
    }

    /// <summary>The hub's control queues, <c>{hub}-control-00</c> onwards (lower case, as Azure Queues require).</summary>
    public IReadOnlyList<string> ControlQueueNames { get; }

    /// <summary>The hub's work-item queue, <c>{hub}-workitems</c>.</summary>
    public string WorkItemQueueName { get; }

    /// <summary>True for a queue of this hub that <see cref="ProcessAsync"/> accepts.</summary>
    public bool Handles(string queueName) => _controlQueues.Contains(queueName) || queueName == WorkItemQueueName;

    /// <summary>Creates the hub's tables, queues and containers if needed, and lets scheduled activities run locally.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _ready.EnsureAsync(cancellationToken).ConfigureAwait(false);
        _runner.StartAccepting();
    }

    /// <summary>Stops taking messages; running activities and episodes get <see cref="DurableTaskOptions.ShutdownTimeout"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _runner.StopAsync(_options.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        await _sessions.DrainAsync(_options.ShutdownTimeout).ConfigureAwait(false);
    }

    /// <summary>Processes one message of <paramref name="queueName"/>; returns when its effects are durable.</summary>
    /// <exception cref="ArgumentException">The queue is not one of this hub's control or work-item queues.</exception>
    /// <exception cref="OperationCanceledException">The host is stopping; the message must be retried.</exception>
    public async Task ProcessAsync(string queueName, string messageText, QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        ArgumentNullException.ThrowIfNull(message);
        if (!Handles(queueName))
        {
            throw new ArgumentException(
                $"Queue '{queueName}' is not a queue of hub '{_storage.Names.Hub}' (expected {string.Join(", ", ControlQueueNames)} or {WorkItemQueueName}).",
                nameof(queueName));
        }

        await StartAsync(cancellationToken).ConfigureAwait(false);
        var receipt = new MessageReceipt(queueName, message.MessageId, message.PopReceipt, message.DequeueCount, message.InsertedOn, HostOwned: true);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        if (queueName == WorkItemQueueName)
        {
            await ProcessWorkItemAsync(messageText, receipt, linked.Token).ConfigureAwait(false);
        }
        else
        {
            await ProcessControlAsync(messageText, receipt, linked.Token).ConfigureAwait(false);
        }
    }

    private async Task ProcessControlAsync(string text, MessageReceipt receipt, CancellationToken ct)
    {
        if (await _poison.ReadOrQuarantineAsync<ControlMessage>(text, receipt, ct).ConfigureAwait(false) is not { } m)
        {
            return;
        }

        if (receipt.DequeueCount > _options.MaxDequeueCount)
        {
            await _poison.QuarantineControlAsync(m, ct).ConfigureAwait(false);
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sessions.Enqueue(m.Body.InstanceId, [m with { Completion = done }]);
        await done.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    private async Task ProcessWorkItemAsync(string text, MessageReceipt receipt, CancellationToken ct)
    {
        if (await _poison.ReadOrQuarantineAsync<WorkItemMessage>(text, receipt, ct).ConfigureAwait(false) is not { } item)
        {
            return;
        }

        if (receipt.DequeueCount > _options.MaxDequeueCount)
        {
            await _poison.QuarantineWorkItemAsync(item, ct).ConfigureAwait(false);
            return;
        }

        await _activities.ProcessAsync(item, ct).ConfigureAwait(false);

        // Cancelled mid-run, the processor releases the item and returns; the caller must not delete it.
        ct.ThrowIfCancellationRequested();
    }
}
