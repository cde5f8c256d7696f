using Microsoft.Extensions.DependencyInjection;

namespace VideoGen.Durable;

/// <summary>
/// Orchestrators and activities by name. Class-based ones are created through dependency injection
/// (activities per execution); names default to the class name, as <c>nameof</c> gives it.
/// </summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.Ordinal);

    /// <summary>Registers orchestrator <typeparamref name="T"/> under its class name.</summary>
    public DurableTaskRegistry AddOrchestrator<T>() where T : class, ITaskOrchestrator => AddOrchestrator<T>(typeof(T).Name);

    /// <summary>Registers orchestrator <typeparamref name="T"/> under <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddOrchestrator<T>(string name) where T : class, ITaskOrchestrator
        => Add(_orchestrators, name, sp => ActivatorUtilities.GetServiceOrCreateInstance<T>(sp), "orchestrator");

    /// <summary>Registers an orchestrator body given as a function.</summary>
    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> body)
    {
        var orchestrator = new FuncOrchestrator<TInput, TOutput>(body);
        return Add(_orchestrators, name, _ => orchestrator, "orchestrator");
    }

    /// <summary>Registers activity <typeparamref name="T"/> under its class name.</summary>
    public DurableTaskRegistry AddActivity<T>() where T : class, ITaskActivity => AddActivity<T>(typeof(T).Name);

    /// <summary>Registers activity <typeparamref name="T"/> under <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddActivity<T>(string name) where T : class, ITaskActivity
        => Add(_activities, name, sp => ActivatorUtilities.GetServiceOrCreateInstance<T>(sp), "activity");

    /// <summary>Registers an activity body given as a function.</summary>
    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> body)
    {
        var activity = new FuncActivity<TInput, TOutput>(body);
        return Add(_activities, name, _ => activity, "activity");
    }

    /// <summary>The registered orchestrator names.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    /// <summary>The registered activity names.</summary>
    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    internal ITaskOrchestrator? CreateOrchestrator(string name, IServiceProvider services)
        => _orchestrators.TryGetValue(name, out var factory) ? factory(services) : null;

    internal ITaskActivity? CreateActivity(string name, IServiceProvider services)
        => _activities.TryGetValue(name, out var factory) ? factory(services) : null;

    private DurableTaskRegistry Add<T>(Dictionary<string, Func<IServiceProvider, T>> map, string name, Func<IServiceProvider, T> factory, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!map.TryAdd(name, factory))
        {
            throw new ArgumentException($"An {kind} named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> body)
        : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => body(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> body)
        : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => body(context, input);
    }
}
