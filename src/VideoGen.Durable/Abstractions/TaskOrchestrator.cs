namespace VideoGen.Durable;

/// <summary>Untyped view of an orchestrator, used by the engine to run any registered orchestrator.</summary>
public interface ITaskOrchestrator
{
    /// <summary>The type the serialized input is read as.</summary>
    Type InputType { get; }

    /// <summary>Runs the orchestrator body. Called on the replay thread; must be deterministic.</summary>
    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>
/// Base class for a class-based orchestrator, as in the Durable Task SDK. The body runs again over its
/// history on every episode, so it must be deterministic: use the context for time, ids, waits and I/O.
/// </summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <summary>The orchestration body.</summary>
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input)
        => await RunAsync(context, (TInput)input!);
}

/// <summary>Untyped view of an activity, used by the engine to run any registered activity.</summary>
public interface ITaskActivity
{
    /// <summary>The type the serialized input is read as.</summary>
    Type InputType { get; }

    /// <summary>Runs the activity. Activities are at-least-once: make them idempotent.</summary>
    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>Base class for a class-based activity, resolved from dependency injection per execution.</summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <summary>The activity body. Honour <see cref="TaskActivityContext.CancellationToken"/>.</summary>
    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input)
        => await RunAsync(context, (TInput)input!).ConfigureAwait(false);
}

/// <summary>What an activity knows about the call that started it.</summary>
public sealed class TaskActivityContext
{
    internal TaskActivityContext(string name, string instanceId, int taskId, int dequeueCount, CancellationToken cancellationToken)
    {
        Name = name;
        InstanceId = instanceId;
        TaskId = taskId;
        DequeueCount = dequeueCount;
        CancellationToken = cancellationToken;
    }

    /// <summary>The registered activity name.</summary>
    public string Name { get; }

    /// <summary>The orchestration instance that scheduled this activity.</summary>
    public string InstanceId { get; }

    /// <summary>The scheduling sequence number within the orchestration; stable across redeliveries.</summary>
    public int TaskId { get; }

    /// <summary>How many times this work item has been dequeued (1 on first delivery).</summary>
    public int DequeueCount { get; }

    /// <summary>Signalled when the host shuts down; the work item is then released for another host.</summary>
    public CancellationToken CancellationToken { get; }
}
