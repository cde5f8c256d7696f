using VideoGen.Durable.History;
using VideoGen.Durable.Replay;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Worker;

/// <summary>
/// Writes one episode's new events and the sentinel. Each entity-group transaction holds the sentinel and
/// at most 99 rows, guarded by the sentinel's ETag, so every commit is atomic; an episode with more events
/// commits in several transactions, each leaving a valid prefix of the history (replay re-issues the rest).
/// After each commit the commit's outbound messages are sent; the sentinel's dispatch range says which
/// events those were, so a host that dies before sending is covered by whoever loads the instance next.
/// </summary>
internal sealed class EpisodeCommit(
    OrchestrationProcessor processor, InstanceState state, ExecutionStarted started, EpisodeCommit.Kind kind, DateTime now, ExecutionOutcome outcome)
{
    public enum Kind
    {
        /// <summary>Events appended to the current execution.</summary>
        Append,
        /// <summary>A new execution replacing nothing or a finished one (fresh creation time).</summary>
        NewExecution,
        /// <summary>A new execution from ContinueAsNew (keeps the creation time, wakes itself).</summary>
        ContinueAsNew,
    }

    public async Task WriteAsync(List<HistoryEvent> past, List<HistoryEvent> episode, List<HistoryEvent> produced, CancellationToken ct)
    {
        var all = new List<HistoryEvent>(episode.Count + produced.Count);
        all.AddRange(episode);
        all.AddRange(produced);
        int baseCount = past.Count;
        int producedFrom = baseCount + episode.Count;
        string instanceId = state.InstanceId;
        SentinelRow? previous = state.Sentinel;
        string? input = kind == Kind.Append && previous is not null
            ? previous.Input
            : await processor.Payloads.OffloadPropertyAsync(instanceId, started.Input, "input", ct).ConfigureAwait(false);
        string? output = await processor.Payloads.OffloadPropertyAsync(instanceId, outcome.Output, "output", ct).ConfigureAwait(false);
        string? customStatus = outcome.Status == OrchestrationRuntimeStatus.Terminated
            ? previous?.CustomStatus
            : await processor.Payloads.OffloadPropertyAsync(instanceId, outcome.CustomStatus, "status", ct).ConfigureAwait(false);

        if (kind != Kind.Append)
        {
            state.Events = [];
        }

        for (int offset = 0; offset < all.Count; offset += OrchestrationProcessor.MaxRowsPerCommit)
        {
            List<HistoryEvent> chunk = all.Skip(offset).Take(OrchestrationProcessor.MaxRowsPerCommit).ToList();
            bool last = offset + chunk.Count >= all.Count;
            int from = baseCount + offset;
            int to = from + chunk.Count;
            (int dispatchFrom, int dispatchTo) = kind == Kind.ContinueAsNew && offset == 0 ? (0, 1) : (Math.Max(from, producedFrom), to);
            bool dispatch = dispatchFrom < dispatchTo;

            var rows = new List<HistoryRow>(chunk.Count);
            for (int i = 0; i < chunk.Count; i++)
            {
                rows.Add(await processor.Payloads.ToRowAsync(instanceId, started.ExecutionId, from + i, chunk[i], ct).ConfigureAwait(false));
            }

            OrchestrationRuntimeStatus status = last ? outcome.Status : OrchestrationRuntimeStatus.Running;
            bool terminal = status.IsTerminal();
            var sentinel = new SentinelRow
            {
                ExecutionId = started.ExecutionId,
                Name = started.Name,
                Status = status,
                EventCount = to,
                Episode = (previous?.Episode ?? 0) + 1,
                CreatedAt = previous is null ? started.Timestamp : kind == Kind.NewExecution ? now : previous.CreatedAt,
                LastUpdatedAt = now,
                CompletedAt = terminal ? now : null,
                Input = input,
                Output = last ? output : null,
                CustomStatus = customStatus,
                FailureJson = last && outcome.Failure is not null ? EngineJson.Serialize(outcome.Failure) : null,
                DispatchFrom = dispatch ? dispatchFrom : -1,
                DispatchTo = dispatch ? dispatchTo : -1,
                ETag = state.Sentinel?.ETag ?? default,
            };

            Azure.ETag etag = await processor.Storage.WriteHistoryBatchAsync(instanceId, rows, sentinel, ct).ConfigureAwait(false);
            SentinelRow? before = state.Sentinel;
            state.Sentinel = sentinel with { ETag = etag };
            state.Events.AddRange(chunk);
            state.DispatchedByMe = !dispatch;
            if (before is null || before.Status != sentinel.Status || before.CustomStatus != sentinel.CustomStatus || before.ExecutionId != sentinel.ExecutionId)
            {
                state.InstanceRowInSync = false;
            }

            if (dispatch)
            {
                await processor.Dispatcher.DispatchAsync(state, dispatchFrom, dispatchTo, ct).ConfigureAwait(false);
                state.DispatchedByMe = true;
            }

            previous = state.Sentinel;
        }
    }
}
