using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;
using VideoGen.Durable.Replay;
using VideoGen.Durable.Storage;
using VideoGen.Durable.Telemetry;

namespace VideoGen.Durable.Worker;

/// <summary>
/// Runs one episode of one instance: load (or take from cache) → re-send anything a crashed episode may not
/// have sent → classify inbound messages → replay the code → commit → send → update the instances table →
/// delete the inbound messages. See the README beside this project for why the writes come in this order.
/// </summary>
internal sealed partial class OrchestrationProcessor(
    IDurableStorage storage,
    PayloadStore payloads,
    OutboundDispatcher dispatcher,
    OrchestrationExecutor executor,
    DurableTaskRegistry registry,
    IServiceProvider services,
    InstanceCache cache,
    ILogger<OrchestrationProcessor> logger)
{
    /// <summary>One entity-group transaction holds 100 entities: the sentinel and up to 99 history rows.</summary>
    internal const int MaxRowsPerCommit = 99;

    public async Task ProcessAsync(string instanceId, IReadOnlyList<ReceivedMessage<ControlMessage>> messages, CancellationToken ct)
    {
        ControlMessage first = messages[0].Body;
        using Activity? span = DurableTelemetry.StartEpisode(
            (first.Event as ExecutionStarted)?.Name ?? "episode", instanceId, first.TraceParent);
        long startTicks = Stopwatch.GetTimestamp();
        for (int attempt = 1; ; attempt++)
        {
            // A batch of nothing but starts is almost always a brand-new instance: skip the read and let the
            // commit's insert-only sentinel write find out otherwise (a conflict reloads and re-runs).
            InstanceState state = cache.TryTake(instanceId)
                ?? (attempt == 1 && messages.All(m => m.Body.Event is ExecutionStarted)
                    ? new InstanceState(instanceId)
                    : await LoadAsync(instanceId, ct).ConfigureAwait(false));
            if (span is not null && state.Started is { } known)
            {
                span.DisplayName = $"orchestration {known.Name}";
                span.SetTag("durable.orchestrator", known.Name);
            }

            try
            {
                await RunEpisodeAsync(state, messages, ct).ConfigureAwait(false);
                cache.Put(state);
                DurableTelemetry.EpisodeMs.Record(Stopwatch.GetElapsedTime(startTicks).TotalMilliseconds);
                return;
            }
            catch (DurableStorageConflictException ex) when (attempt < 4)
            {
                // Another host committed first: our view was stale. Reload and run the episode again.
                DurableTelemetry.Conflicts.Add(1);
                Log.Conflict(logger, instanceId, attempt, ex.Message);
            }
        }
    }

    public async Task<InstanceState> LoadAsync(string instanceId, CancellationToken ct)
    {
        var state = new InstanceState(instanceId);
        StoredHistory? stored = await storage.LoadHistoryAsync(instanceId, ct).ConfigureAwait(false);
        if (stored is not null)
        {
            state.Sentinel = stored.Sentinel;
            foreach (HistoryRow row in stored.Rows)
            {
                state.Events.Add(await payloads.FromRowAsync(row, ct).ConfigureAwait(false));
            }
        }

        return state;
    }

    private async Task RunEpisodeAsync(InstanceState state, IReadOnlyList<ReceivedMessage<ControlMessage>> messages, CancellationToken ct)
    {
        DateTime now = DateTime.UtcNow;

        // A host that died after committing but before sending leaves the sentinel's dispatch range set. Any
        // host that loads such a state re-sends that range; receivers dedupe, so a second copy is harmless.
        if (state.Sentinel is { DispatchFrom: >= 0 } s && !state.DispatchedByMe)
        {
            await dispatcher.DispatchAsync(state, s.DispatchFrom, s.DispatchTo, ct).ConfigureAwait(false);
            state.DispatchedByMe = true;
        }

        var inbound = new InboundClassifier(state, messages, now);
        if (state.FromCache && inbound.JudgedByState > 0)
        {
            // A cached copy can be behind another host's commits (a result for a task it has not seen scheduled,
            // a message for an execution it has not seen start). Never drop on its word: reload and judge again.
            throw new DurableStorageConflictException($"Cached state of '{state.InstanceId}' cannot place {inbound.JudgedByState} message(s); reloading.");
        }

        foreach ((ExecutionStarted start, string reason) in inbound.Refused)
        {
            Log.StartRefused(logger, state.InstanceId, start.ExecutionId, reason);
            await dispatcher.RefuseStartAsync(state.InstanceId, start, reason, ct).ConfigureAwait(false);
        }

        ExecutionStarted? newExecution = inbound.NewExecution;
        bool running = newExecution is not null || state.Sentinel is { Status: var st } && !st.IsTerminal();
        bool mustRun = running && (inbound.Accepted.Count > 0 || newExecution is not null || !state.HasRun || inbound.AnyDuplicate);
        if (mustRun)
        {
            await ExecuteAndCommitAsync(state, newExecution, inbound.Accepted, now, ct).ConfigureAwait(false);
        }

        if (!state.InstanceRowInSync && state.Sentinel is not null)
        {
            await storage.UpsertInstanceAsync(ToInstanceRow(state), ct).ConfigureAwait(false);
            state.InstanceRowInSync = true;
        }

        await dispatcher.RearmTimersAsync(inbound.Rearm, ct).ConfigureAwait(false);
        var release = inbound.Release.ToHashSet();
        await Task.WhenAll(messages.Select(m => release.Contains(m.Receipt)
            ? storage.SetVisibilityAsync(m.Receipt, TimeSpan.FromSeconds(1), ct)
            : storage.DeleteMessageAsync(m.Receipt, ct))).ConfigureAwait(false);
    }

    private async Task ExecuteAndCommitAsync(InstanceState state, ExecutionStarted? newExecution, List<HistoryEvent> accepted, DateTime now, CancellationToken ct)
    {
        bool restart = newExecution is not null;
        string? replacedExecution = state.Sentinel?.ExecutionId; // rows of a replaced execution become garbage
        List<HistoryEvent> past = restart ? [] : state.Events;
        ExecutionStarted started = newExecution ?? state.Started
            ?? throw new InvalidOperationException($"History of '{state.InstanceId}' has no ExecutionStarted event.");

        var episode = new List<HistoryEvent> { new OrchestratorStarted { Timestamp = now } };
        if (restart)
        {
            episode.Add(newExecution!);
        }

        episode.AddRange(accepted);
        ExecutionOutcome outcome = accepted.OfType<ExecutionTerminated>().FirstOrDefault() is { } terminated
            ? new ExecutionOutcome(OrchestrationRuntimeStatus.Terminated, [], terminated.Output, null, null, null, [])
            : executor.Execute(state.InstanceId, registry.CreateOrchestrator(started.Name, services), past, episode);

        bool statusChanged = outcome.Status != state.Sentinel?.Status;
        if (!restart && accepted.Count == 0 && outcome.NewActions.Count == 0 && !statusChanged && state.HasRun)
        {
            return; // a redelivery that changed nothing: nothing to commit
        }

        if (outcome.Status == OrchestrationRuntimeStatus.Failed)
        {
            Log.Failed(logger, state.InstanceId, started.Name, outcome.Failure?.ToString() ?? "");
        }

        var produced = new List<HistoryEvent>(outcome.NewActions);
        if (outcome.Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
            or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            produced.Add(new ExecutionCompleted(outcome.Status, outcome.Output, outcome.Failure) { Timestamp = now });
        }

        if (outcome.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            // The finished execution's last episode is not kept: the new execution replaces it in one commit,
            // carrying over unconsumed events, and wakes itself with its own start message.
            var next = new ExecutionStarted(started.Name, Guid.NewGuid().ToString("N"), outcome.ContinueAsNewInput, started.Parent, started.TraceParent) { Timestamp = now };
            var nextHistory = new List<HistoryEvent> { next };
            nextHistory.AddRange(outcome.CarriedOverEvents);
            var running = outcome with { Status = OrchestrationRuntimeStatus.Running, NewActions = [], Output = null };
            await new EpisodeCommit(this, state, next, EpisodeCommit.Kind.ContinueAsNew, now, running)
                .WriteAsync(past: [], nextHistory, produced: [], ct).ConfigureAwait(false);
        }
        else
        {
            var kind = restart ? EpisodeCommit.Kind.NewExecution : EpisodeCommit.Kind.Append;
            await new EpisodeCommit(this, state, started, kind, now, outcome).WriteAsync(past, episode, produced, ct).ConfigureAwait(false);
        }

        if (replacedExecution is not null && replacedExecution != state.Sentinel?.ExecutionId)
        {
            await CollectOldExecutionsAsync(state, ct).ConfigureAwait(false);
        }

        DurableTelemetry.Episodes.Add(1);
    }

    /// <summary>Ends the instance as Failed with <paramref name="failure"/> (used for poison messages).</summary>
    public async Task FailAsync(InstanceState state, TaskFailureDetails failure, CancellationToken ct)
    {
        DateTime now = DateTime.UtcNow;
        ExecutionStarted started = state.Started ?? throw new InvalidOperationException($"History of '{state.InstanceId}' has no ExecutionStarted event.");
        var outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, [], null, failure, null, null, []);
        await new EpisodeCommit(this, state, started, EpisodeCommit.Kind.Append, now, outcome)
            .WriteAsync(state.Events, [new OrchestratorStarted { Timestamp = now }], [new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure) { Timestamp = now }], ct)
            .ConfigureAwait(false);
        await storage.UpsertInstanceAsync(ToInstanceRow(state), ct).ConfigureAwait(false);
        state.InstanceRowInSync = true;
    }

    /// <summary>Rows of earlier executions are garbage once the sentinel points at a new one; deleting them is best-effort.</summary>
    private async Task CollectOldExecutionsAsync(InstanceState state, CancellationToken ct)
    {
        try
        {
            await storage.DeleteHistoryAsync(state.InstanceId, state.Sentinel!.ExecutionId, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CleanupFailed(logger, state.InstanceId, ex.Message);
        }
    }

    internal static InstanceRow ToInstanceRow(InstanceState state) => state.Sentinel!.ToInstanceRow(state.InstanceId);

    internal IDurableStorage Storage => storage;

    internal PayloadStore Payloads => payloads;

    internal OutboundDispatcher Dispatcher => dispatcher;

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Debug, "Instance {InstanceId}: lost a commit race on attempt {Attempt} ({Reason}); reloading")]
        public static partial void Conflict(ILogger logger, string instanceId, int attempt, string reason);

        [LoggerMessage(11, LogLevel.Warning, "Instance {InstanceId}: start of execution {ExecutionId} refused: {Reason}")]
        public static partial void StartRefused(ILogger logger, string instanceId, string executionId, string reason);

        [LoggerMessage(12, LogLevel.Warning, "Orchestration {Name} ({InstanceId}) failed: {Failure}")]
        public static partial void Failed(ILogger logger, string instanceId, string name, string failure);

        [LoggerMessage(13, LogLevel.Warning, "Instance {InstanceId}: could not delete rows of earlier executions: {Reason}")]
        public static partial void CleanupFailed(ILogger logger, string instanceId, string reason);
    }
}
