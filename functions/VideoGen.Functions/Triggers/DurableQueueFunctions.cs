using VideoGen.Durable.Worker;
using VideoGen.Functions.Invocation;

namespace VideoGen.Functions.Triggers;

/// <summary>
/// The durable engine's queues as queue-triggered functions: <c>DurableControl00</c>…<c>DurableControlNN</c> on
/// <c>{hub}-control-NN</c> and <c>DurableWorkItems</c> on <c>{hub}-workitems</c>. In Azure the Functions host's
/// scale controller watches these queues; the invocation returns only when the message's effects are durable,
/// after which the host deletes the message.
/// </summary>
public sealed class DurableQueueFunction(string name, string queueName, QueueTriggerBridge bridge) : IFunctionHandler, IQueueTriggered
{
    /// <summary>Function name for control queue <paramref name="partition"/>.</summary>
    public static string ControlFunctionName(int partition) => $"DurableControl{partition:D2}";

    /// <summary>Function name for the work-item queue.</summary>
    public const string WorkItemsFunctionName = "DurableWorkItems";

    /// <inheritdoc />
    public string Name => name;

    /// <summary>The queue this function is triggered by.</summary>
    public string QueueName => queueName;

    /// <inheritdoc />
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        await bridge.ProcessAsync(queueName, QueueTrigger.MessageText(request), QueueTrigger.Metadata(request), cancellationToken).ConfigureAwait(false);
        return new InvocationResponse();
    }

    /// <summary>One function per control queue plus the work-item function.</summary>
    public static IEnumerable<DurableQueueFunction> All(QueueTriggerBridge bridge) =>
        bridge.ControlQueueNames.Select((q, i) => new DurableQueueFunction(ControlFunctionName(i), q, bridge))
            .Append(new DurableQueueFunction(WorkItemsFunctionName, bridge.WorkItemQueueName, bridge));
}
