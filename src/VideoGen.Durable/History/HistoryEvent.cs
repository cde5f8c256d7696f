using System.Text.Json.Serialization;

namespace VideoGen.Durable.History;

/// <summary>
/// One fact in an instance's history. Events are appended, never changed; the orchestrator is replayed
/// over them. The JSON shape (discriminator <c>$type</c>) is a stored contract.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ExecutionStarted), nameof(ExecutionStarted))]
[JsonDerivedType(typeof(OrchestratorStarted), nameof(OrchestratorStarted))]
[JsonDerivedType(typeof(TaskScheduled), nameof(TaskScheduled))]
[JsonDerivedType(typeof(TaskCompleted), nameof(TaskCompleted))]
[JsonDerivedType(typeof(TaskFailed), nameof(TaskFailed))]
[JsonDerivedType(typeof(TimerCreated), nameof(TimerCreated))]
[JsonDerivedType(typeof(TimerFired), nameof(TimerFired))]
[JsonDerivedType(typeof(SubOrchestrationCreated), nameof(SubOrchestrationCreated))]
[JsonDerivedType(typeof(SubOrchestrationCompleted), nameof(SubOrchestrationCompleted))]
[JsonDerivedType(typeof(SubOrchestrationFailed), nameof(SubOrchestrationFailed))]
[JsonDerivedType(typeof(EventRaised), nameof(EventRaised))]
[JsonDerivedType(typeof(ExecutionSuspended), nameof(ExecutionSuspended))]
[JsonDerivedType(typeof(ExecutionResumed), nameof(ExecutionResumed))]
[JsonDerivedType(typeof(ExecutionTerminated), nameof(ExecutionTerminated))]
[JsonDerivedType(typeof(ExecutionCompleted), nameof(ExecutionCompleted))]
internal abstract record HistoryEvent
{
    /// <summary>When the event was created (wall clock of the writer; informational).</summary>
    public DateTime Timestamp { get; init; } = DateTime.UtcNow;
}

/// <summary>An event that completes a scheduled task (activity, timer or sub-orchestration).</summary>
internal interface ITaskCompletionEvent
{
    int TaskId { get; }
}

/// <summary>An event produced by the orchestrator's own actions.</summary>
internal interface IScheduledEvent
{
    int TaskId { get; }
}

internal sealed record ExecutionStarted(
    string Name,
    string ExecutionId,
    string? Input,
    ParentOrchestrationInstance? Parent = null,
    string? TraceParent = null) : HistoryEvent;

internal sealed record OrchestratorStarted : HistoryEvent;

internal sealed record TaskScheduled(int TaskId, string Name, string? Input) : HistoryEvent, IScheduledEvent;

internal sealed record TaskCompleted(int TaskId, string? Result) : HistoryEvent, ITaskCompletionEvent;

internal sealed record TaskFailed(int TaskId, TaskFailureDetails Failure) : HistoryEvent, ITaskCompletionEvent;

internal sealed record TimerCreated(int TaskId, DateTime FireAt) : HistoryEvent, IScheduledEvent;

internal sealed record TimerFired(int TaskId, DateTime FireAt) : HistoryEvent, ITaskCompletionEvent;

internal sealed record SubOrchestrationCreated(int TaskId, string Name, string InstanceId, string ExecutionId, string? Input)
    : HistoryEvent, IScheduledEvent;

internal sealed record SubOrchestrationCompleted(int TaskId, string? Result) : HistoryEvent, ITaskCompletionEvent;

internal sealed record SubOrchestrationFailed(int TaskId, TaskFailureDetails Failure) : HistoryEvent, ITaskCompletionEvent;

/// <summary>An external event; <see cref="MessageId"/> makes redelivery detectable.</summary>
internal sealed record EventRaised(string Name, string? Input, string MessageId) : HistoryEvent;

internal sealed record ExecutionSuspended(string? Reason, string MessageId) : HistoryEvent;

internal sealed record ExecutionResumed(string? Reason, string MessageId) : HistoryEvent;

internal sealed record ExecutionTerminated(string? Output, string MessageId) : HistoryEvent;

/// <summary>The execution ended; <see cref="Status"/> is Completed, Failed, Terminated or ContinuedAsNew.</summary>
internal sealed record ExecutionCompleted(OrchestrationRuntimeStatus Status, string? Result, TaskFailureDetails? Failure) : HistoryEvent;
