namespace VideoGen.Durable.Replay;

/// <summary>
/// Runs orchestrator code on one logical thread: every continuation the body awaits is queued here and
/// executed in FIFO order by <see cref="Drain"/> on the episode's thread, so replay order is the history's.
/// </summary>
internal sealed class ReplayTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> _queue = new();
    private readonly Lock _lock = new();

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Executes queued work until none is left.</summary>
    public void Drain()
    {
        while (true)
        {
            Task? next;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out next))
                {
                    return;
                }
            }

            TryExecuteTask(next);
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (_lock)
        {
            _queue.Enqueue(task);
        }
    }

    // Never inline: a continuation runs when Drain reaches it, after the event that released it is applied.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock)
        {
            return _queue.ToArray();
        }
    }
}
