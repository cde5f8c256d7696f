namespace VideoGen.Durable;

/// <summary>Options for one scheduled activity or sub-orchestration call.</summary>
public record TaskOptions
{
    /// <summary>How failures of the call are retried; null means no retry.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Options that retry the call with <paramref name="policy"/>.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new() { Retry = policy };
}

/// <summary>Options for a sub-orchestration call.</summary>
public sealed record SubOrchestrationOptions : TaskOptions
{
    /// <summary>The child instance id. Default: <c>{parentInstanceId}:{taskId}</c>, stable across replays.</summary>
    public string? InstanceId { get; init; }
}

/// <summary>
/// A declarative retry policy, evaluated inside the orchestration with durable timers between attempts, so
/// waits survive host restarts.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="maxNumberOfAttempts">Total attempts including the first; at least 1.</param>
    /// <param name="firstRetryInterval">Delay before the second attempt; positive.</param>
    /// <param name="backoffCoefficient">Multiplier applied per further attempt; at least 1.</param>
    /// <param name="maxRetryInterval">Upper bound on any single delay; default: unbounded.</param>
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null)
    {
        if (maxNumberOfAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfAttempts), maxNumberOfAttempts, "A retry policy needs at least one attempt.");
        }

        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The first retry interval must be positive.");
        }

        if (backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be at least 1.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.MaxValue;
    }

    /// <summary>Total attempts including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Delay before the second attempt.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Multiplier applied to the delay per further attempt.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Upper bound on any single delay.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Decides whether a failure is retried; default: every failure not marked non-retriable.</summary>
    public Func<TaskFailureDetails, bool>? Handle { get; init; }

    /// <summary>The delay before attempt <paramref name="nextAttempt"/> (2 for the first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        double factor = Math.Pow(BackoffCoefficient, nextAttempt - 2);
        double ms = FirstRetryInterval.TotalMilliseconds * factor;
        return ms >= MaxRetryInterval.TotalMilliseconds ? MaxRetryInterval : TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>Whether <paramref name="failure"/> on attempt <paramref name="attempt"/> should be retried.</summary>
    public bool ShouldRetry(int attempt, TaskFailureDetails failure)
        => attempt < MaxNumberOfAttempts && !failure.IsNonRetriable && (Handle?.Invoke(failure) ?? true);
}

/// <summary>Where and how to start a new orchestration instance.</summary>
public sealed record StartOrchestrationOptions
{
    /// <summary>The instance id; default: a new GUID.</summary>
    public string? InstanceId { get; init; }

    /// <summary>What to do when an instance with this id already exists.</summary>
    public InstanceIdReusePolicy IfExists { get; init; } = InstanceIdReusePolicy.Throw;
}

/// <summary>Behaviour when scheduling an instance id that is already in use.</summary>
public enum InstanceIdReusePolicy
{
    /// <summary>Throw <see cref="OrchestrationAlreadyExistsException"/>.</summary>
    Throw,

    /// <summary>Start only if absent: an existing instance (in any state) is left alone and its id returned.</summary>
    StartIfAbsent,

    /// <summary>Replace an instance that has reached a terminal state; throw if it is still running.</summary>
    ReplaceTerminal,
}
