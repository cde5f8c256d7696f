using VideoGen.Durable.History;

namespace VideoGen.Durable.Worker;

/// <summary>
/// Sorts one episode's inbound messages against the instance's history: new events to apply, duplicates
/// (at-least-once redelivery) to drop, starts of a new execution, events that arrived before their
/// instance started (retried later), stale or stray messages to drop, and timers to re-arm.
/// </summary>
internal sealed class InboundClassifier
{
    private readonly HashSet<int> _scheduled = [];
    private readonly HashSet<int> _completed = [];
    private readonly HashSet<string> _messageIds = new(StringComparer.Ordinal);

    public List<HistoryEvent> Accepted { get; } = [];
    public List<MessageReceipt> Release { get; } = [];
    public List<ControlMessage> Rearm { get; } = [];
    public List<(ExecutionStarted Start, string Reason)> Refused { get; } = [];
    public ExecutionStarted? NewExecution { get; private set; }
    public bool AnyDuplicate { get; private set; }
    public int Dropped { get; private set; }

    /// <summary>Messages judged stray, stale or early for the instance only by this copy of its state.</summary>
    public int JudgedByState => Dropped + Release.Count + Refused.Count;

    public InboundClassifier(InstanceState state, IEnumerable<ReceivedMessage<ControlMessage>> messages, DateTime now)
    {
        Index(state.Events);
        bool exists = state.Sentinel is not null;
        bool terminal = state.Sentinel?.Status.IsTerminal() ?? false;
        string? execution = state.Sentinel?.ExecutionId;

        foreach (ReceivedMessage<ControlMessage> received in messages)
        {
            ControlMessage m = received.Body;
            if (m.Event is ExecutionStarted start)
            {
                if (start.ExecutionId == (NewExecution?.ExecutionId ?? execution))
                {
                    AnyDuplicate = true; // a redelivered start, or the wake-up of a ContinueAsNew execution
                }
                else if (NewExecution is null && (!exists || terminal))
                {
                    StartNew(start);
                    exists = true;
                    terminal = false;
                    execution = start.ExecutionId;
                }
                else
                {
                    Refused.Add((start, $"instance '{m.InstanceId}' is already running execution {execution}"));
                }

                continue;
            }

            if (!exists)
            {
                Release.Add(received.Receipt); // raised before the start message was processed: retry shortly
            }
            else if (terminal || (m.ExecutionId is not null && m.ExecutionId != execution))
            {
                Dropped++; // for a finished instance or an earlier execution
            }
            else if (m.Event is TimerFired fired && fired.FireAt > now)
            {
                Rearm.Add(m); // early (queue delays are whole seconds, or capped at 7 days): wait again
            }
            else if (IsDuplicate(m.Event, out bool stray))
            {
                AnyDuplicate |= !stray;
                Dropped += stray ? 1 : 0;
            }
            else
            {
                Accepted.Add(m.Event);
                Index([m.Event]);
            }
        }
    }

    private void StartNew(ExecutionStarted start)
    {
        NewExecution = start;
        Accepted.Clear();
        _scheduled.Clear();
        _completed.Clear();
        _messageIds.Clear();
    }

    private bool IsDuplicate(HistoryEvent e, out bool stray)
    {
        stray = false;
        switch (e)
        {
            case ITaskCompletionEvent c when _completed.Contains(c.TaskId):
                return true;
            case ITaskCompletionEvent c when !_scheduled.Contains(c.TaskId):
                stray = true; // no such task in this execution (e.g. from an uncommitted, losing episode)
                return true;
            case EventRaised r: return _messageIds.Contains(r.MessageId);
            case ExecutionSuspended s: return _messageIds.Contains(s.MessageId);
            case ExecutionResumed r: return _messageIds.Contains(r.MessageId);
            case ExecutionTerminated t: return _messageIds.Contains(t.MessageId);
            default: return false;
        }
    }

    private void Index(IEnumerable<HistoryEvent> events)
    {
        foreach (HistoryEvent e in events)
        {
            switch (e)
            {
                case IScheduledEvent s: _scheduled.Add(s.TaskId); break;
                case ITaskCompletionEvent c: _completed.Add(c.TaskId); break;
                case EventRaised r: _messageIds.Add(r.MessageId); break;
                case ExecutionSuspended s: _messageIds.Add(s.MessageId); break;
                case ExecutionResumed r: _messageIds.Add(r.MessageId); break;
                case ExecutionTerminated t: _messageIds.Add(t.MessageId); break;
            }
        }
    }
}
