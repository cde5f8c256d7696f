using System.Collections.Concurrent;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>Whether a simulated crash happens before the storage call reaches storage, or after it succeeded.</summary>
public enum CrashPoint
{
    /// <summary>The call never reaches storage.</summary>
    Before,

    /// <summary>The call succeeds in storage, but the process dies before it sees the answer.</summary>
    After,
}

/// <summary>Where a process dies: on the <see cref="Occurrence"/>-th call of <see cref="Operation"/>, before or after it.</summary>
public sealed record CrashPlan(string Operation, int Occurrence, CrashPoint When)
{
    /// <inheritdoc />
    public override string ToString() => $"{When} {Operation} #{Occurrence}";
}

/// <summary>The simulated death of a process: thrown at the crash point and by every storage call after it.</summary>
public sealed class SimulatedCrashException(string message) : Exception(message);

/// <summary>
/// Simulates a process crash at one storage write boundary. Until the crash point, calls pass through (and are
/// counted per operation). At the crash point the call throws <see cref="SimulatedCrashException"/> without
/// reaching storage (<see cref="CrashPoint.Before"/>) or after it succeeded (<see cref="CrashPoint.After"/>).
/// From then on every call throws at once, and calls that were in flight throw instead of returning, so
/// nothing more of this "process" reaches storage or learns anything from it. <see cref="Crashed"/> completes
/// so the test can dispose the host.
/// </summary>
internal sealed class CrashingStorage(IDurableStorage inner, CrashPlan plan) : DelegatingDurableStorage(inner)
{
    private readonly TaskCompletionSource _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _planCount;
    private volatile bool _dead;

    /// <summary>Completes when the crash point is reached.</summary>
    public Task Crashed => _crashed.Task;

    /// <summary>True once crashed.</summary>
    public bool IsDead => _dead;

    /// <summary>Calls per operation that reached this decorator before the crash.</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts;

    protected override async Task<T> InvokeAsync<T>(string operation, Func<Task<T>> call)
    {
        ThrowIfDead();
        _counts.AddOrUpdate(operation, 1, (_, n) => n + 1);
        bool hit = operation == plan.Operation && Interlocked.Increment(ref _planCount) == plan.Occurrence;
        if (hit && plan.When == CrashPoint.Before)
        {
            throw Die();
        }

        T result = await call().ConfigureAwait(false);
        if (hit)
        {
            throw Die();
        }

        ThrowIfDead();
        return result;
    }

    private void ThrowIfDead()
    {
        if (_dead)
        {
            throw new SimulatedCrashException($"The process is dead (crashed at {plan}).");
        }
    }

    private SimulatedCrashException Die()
    {
        _dead = true;
        _crashed.TrySetResult();
        return new SimulatedCrashException($"Simulated crash at {plan}.");
    }
}
