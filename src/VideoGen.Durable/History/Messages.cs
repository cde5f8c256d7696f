namespace VideoGen.Durable.History;

/// <summary>
/// A message on a control queue: one history event addressed to one instance (and, for task results, one
/// execution). At-least-once: receivers dedupe against history.
/// </summary>
internal sealed record ControlMessage(
    string InstanceId,
    string? ExecutionId,
    HistoryEvent Event,
    string MessageId,
    string? TraceParent = null);

/// <summary>A message on the work-item queue: run activity <see cref="Name"/> for task <see cref="TaskId"/>.</summary>
internal sealed record WorkItemMessage(
    string InstanceId,
    string ExecutionId,
    int TaskId,
    string Name,
    string? Input,
    string MessageId,
    string? TraceParent = null)
{
    /// <summary>Set when the input was too large for a queue message and lives in the large-message container.</summary>
    public string? PayloadBlob { get; init; }
}

/// <summary>A dequeued message and what is needed to delete, renew or release it.</summary>
internal sealed record ReceivedMessage<T>(T Body, MessageReceipt Receipt, string RawText)
{
    /// <summary>
    /// Completed when the episode that took this message has committed (or failed with its error). Set only for
    /// messages a Functions host delivered (<see cref="MessageReceipt.HostOwned"/>), whose invocation must not
    /// return before the message's effects are durable.
    /// </summary>
    public TaskCompletionSource? Completion { get; init; }
}

/// <summary>Identifies one dequeued message on one queue; the pop receipt changes on every visibility update.</summary>
/// <remarks>
/// <see cref="HostOwned"/>: the message was dequeued by an Azure Functions host (queue trigger), which renews its
/// visibility and deletes it when the invocation succeeds; the engine then neither deletes nor re-hides it.
/// </remarks>
internal sealed record MessageReceipt(string QueueName, string MessageId, string PopReceipt, long DequeueCount, DateTimeOffset? InsertedOn, bool HostOwned = false);
