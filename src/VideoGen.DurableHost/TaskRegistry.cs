using Microsoft.DurableTask;

namespace VideoGen.DurableHost;

/// <summary>
/// The orchestrator and activity classes the local host runs, by name (the class name, as <c>nameof</c> gives it and
/// as the isolated function app's <c>[Function(nameof(X))]</c> wrappers are named). Activities are created from the
/// host's service provider per call, so they get their services by constructor injection.
/// </summary>
public sealed class TaskRegistry
{
    private readonly Dictionary<string, Type> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _activities = new(StringComparer.Ordinal);

    /// <summary>Orchestrator classes by name.</summary>
    public IReadOnlyDictionary<string, Type> Orchestrators => _orchestrators;

    /// <summary>Activity classes by name.</summary>
    public IReadOnlyDictionary<string, Type> Activities => _activities;

    /// <summary>Adds orchestrator <typeparamref name="T"/> under its class name.</summary>
    public TaskRegistry AddOrchestrator<T>() where T : class, ITaskOrchestrator => AddOrchestrator(typeof(T));

    /// <summary>Adds activity <typeparamref name="T"/> under its class name.</summary>
    public TaskRegistry AddActivity<T>() where T : class, ITaskActivity => AddActivity(typeof(T));

    /// <summary>Adds every orchestrator and activity class given.</summary>
    public TaskRegistry Add(IEnumerable<Type> orchestrators, IEnumerable<Type> activities)
    {
        ArgumentNullException.ThrowIfNull(orchestrators);
        ArgumentNullException.ThrowIfNull(activities);
        foreach (Type t in orchestrators)
        {
            AddOrchestrator(t);
        }

        foreach (Type t in activities)
        {
            AddActivity(t);
        }

        return this;
    }

    /// <summary>Adds an orchestrator class under its class name.</summary>
    public TaskRegistry AddOrchestrator(Type type) => Add(_orchestrators, type?.Name!, type!, typeof(ITaskOrchestrator));

    /// <summary>Adds an activity class under its class name.</summary>
    public TaskRegistry AddActivity(Type type) => Add(_activities, type?.Name!, type!, typeof(ITaskActivity));

    /// <summary>Adds an orchestrator class under <paramref name="name"/> (e.g. a test's fake standing in for the real one).</summary>
    public TaskRegistry AddOrchestrator(string name, Type type) => Add(_orchestrators, name, type, typeof(ITaskOrchestrator), replace: true);

    /// <summary>Adds an activity class under <paramref name="name"/> (e.g. a test's fake standing in for the real one).</summary>
    public TaskRegistry AddActivity(string name, Type type) => Add(_activities, name, type, typeof(ITaskActivity), replace: true);

    private TaskRegistry Add(Dictionary<string, Type> into, string name, Type type, Type contract, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!contract.IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"{type.FullName} is not a concrete {contract.Name}.", nameof(type));
        }

        if (!replace && into.TryGetValue(name, out Type? existing) && existing != type)
        {
            throw new ArgumentException($"Two classes are named '{name}': {existing.FullName} and {type.FullName}; task names must be unique.", nameof(type));
        }

        into[name] = type;
        return this;
    }
}
