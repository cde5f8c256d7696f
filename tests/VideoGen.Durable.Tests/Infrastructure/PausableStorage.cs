using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>
/// Lets a test decide which host receives what: while paused, a host's polls of the control queues or of the
/// work-item queue find nothing (everything else passes through). Used to move an instance between hosts
/// at a chosen point.
/// </summary>
internal sealed class PausableStorage(IDurableStorage inner) : DelegatingDurableStorage(inner)
{
    private volatile bool _controlPaused;
    private volatile bool _workItemsPaused;

    public void Pause(bool control = true, bool workItems = true)
    {
        _controlPaused = control;
        _workItemsPaused = workItems;
    }

    public void Resume() => Pause(control: false, workItems: false);

    public override Task<IReadOnlyList<(string Text, MessageReceipt Receipt)>> ReceiveAsync(string queueName, int max, TimeSpan visibility, CancellationToken ct)
    {
        bool paused = queueName == Names.WorkItemQueue ? _workItemsPaused : _controlPaused;
        return paused
            ? Task.FromResult<IReadOnlyList<(string Text, MessageReceipt Receipt)>>([])
            : base.ReceiveAsync(queueName, max, visibility, ct);
    }
}
