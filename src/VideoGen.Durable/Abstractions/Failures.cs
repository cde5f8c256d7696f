using System.Text.Json.Serialization;

namespace VideoGen.Durable;

/// <summary>Why a task, activity or orchestration failed, as recorded in history.</summary>
public sealed record TaskFailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    TaskFailureDetails? InnerFailure = null,
    bool IsNonRetriable = false)
{
    /// <summary>Builds details from an exception, keeping the inner chain.</summary>
    public static TaskFailureDetails FromException(Exception exception) => exception switch
    {
        TaskFailedException tfe => new TaskFailureDetails(
            tfe.GetType().FullName!, tfe.Message, tfe.StackTrace, tfe.FailureDetails, tfe.FailureDetails.IsNonRetriable),
        _ => new TaskFailureDetails(
            exception.GetType().FullName!,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException),
            exception is NonRetriableException),
    };

    /// <summary>True when the failure, or a failure it wraps, was thrown as <typeparamref name="T"/>.</summary>
    public bool IsCausedBy<T>() where T : Exception
        => ErrorType == typeof(T).FullName || (InnerFailure?.IsCausedBy<T>() ?? false);

    /// <inheritdoc />
    public override string ToString() => InnerFailure is null ? $"{ErrorType}: {ErrorMessage}" : $"{ErrorType}: {ErrorMessage} ---> {InnerFailure}";
}

/// <summary>Thrown by an activity to say that retrying cannot help; retry policies skip it.</summary>
public class NonRetriableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonRetriableException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Thrown inside an orchestrator when an activity or sub-orchestration it awaited failed.</summary>
public class TaskFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed: {failureDetails.ErrorType}: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The activity or orchestrator name.</summary>
    public string TaskName { get; }

    /// <summary>The task's sequence number in the orchestration.</summary>
    public int TaskId { get; }

    /// <summary>What went wrong in the task.</summary>
    public TaskFailureDetails FailureDetails { get; }
}

/// <summary>Thrown inside a parent orchestrator when a sub-orchestration failed.</summary>
public sealed class SubOrchestrationFailedException : TaskFailedException
{
    /// <summary>Creates the exception.</summary>
    public SubOrchestrationFailedException(string name, int taskId, string childInstanceId, TaskFailureDetails failureDetails)
        : base(name, taskId, failureDetails)
    {
        ChildInstanceId = childInstanceId;
    }

    /// <summary>The failed child instance.</summary>
    public string ChildInstanceId { get; }
}

/// <summary>The orchestrator's actions no longer match its recorded history (code changed or non-deterministic).</summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonDeterministicOrchestrationException(string message) : base(message) { }
}

/// <summary>An instance with the requested id already exists.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"Orchestration instance '{instanceId}' already exists with status {status}.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The id in use.</summary>
    public string InstanceId { get; }

    /// <summary>The existing instance's status.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}

/// <summary>No instance with the given id exists (or it was purged).</summary>
public sealed class OrchestrationNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationNotFoundException(string instanceId) : base($"Orchestration instance '{instanceId}' was not found.")
    {
        InstanceId = instanceId;
    }

    /// <summary>The missing id.</summary>
    public string InstanceId { get; }
}

/// <summary>An event was raised on an instance that has already finished.</summary>
public sealed class OrchestrationNotRunningException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationNotRunningException(string instanceId, string eventName, OrchestrationRuntimeStatus status)
        : base($"Cannot raise event '{eventName}': instance '{instanceId}' is {status}.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>Its (terminal) status.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}

/// <summary>Runtime status of an orchestration instance; names and order follow Durable Functions.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrchestrationRuntimeStatus>))]
public enum OrchestrationRuntimeStatus
{
    /// <summary>Started and not finished.</summary>
    Running = 0,
    /// <summary>Returned normally.</summary>
    Completed = 1,
    /// <summary>Restarted itself with ContinueAsNew (transient).</summary>
    ContinuedAsNew = 2,
    /// <summary>Threw, or was failed by the engine.</summary>
    Failed = 3,
    /// <summary>Reserved; not produced by this engine.</summary>
    Canceled = 4,
    /// <summary>Stopped by a client.</summary>
    Terminated = 5,
    /// <summary>Scheduled, not yet picked up.</summary>
    Pending = 6,
    /// <summary>Paused by a client; events are kept.</summary>
    Suspended = 7,
}

/// <summary>Helpers for <see cref="OrchestrationRuntimeStatus"/>.</summary>
public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>Completed, Failed, Terminated or Canceled: nothing more will happen.</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) => status is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
}
