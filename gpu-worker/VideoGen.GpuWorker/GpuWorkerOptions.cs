using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using VideoGen.Contracts.Gpu;

namespace VideoGen.GpuWorker;

/// <summary>Settings of the GPU worker, bound from the <c>GpuWorker</c> configuration section and validated at start-up.</summary>
public sealed class GpuWorkerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "GpuWorker";

    /// <summary>
    /// Azure Storage connection string for the queues and blobs (Azurite locally, or an account key). Either this or
    /// the identity-based <see cref="Storage"/> settings, not both; no default.
    /// </summary>
    public string StorageConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The identity-based form (<c>GpuWorker:Storage:blobServiceUri</c>, <c>queueServiceUri</c>, <c>credential</c>,
    /// <c>clientId</c>), used when <see cref="StorageConnectionString"/> is empty. See <see cref="GpuWorkerStorageOptions"/>.
    /// </summary>
    public GpuWorkerStorageOptions Storage { get; } = new();

    /// <summary>Whether the storage clients authenticate with a token credential (<see cref="Storage"/>) rather than a connection string.</summary>
    public bool UsesIdentityStorage => string.IsNullOrWhiteSpace(StorageConnectionString) && Storage.SetKeys().Count > 0;

    /// <summary>
    /// Prefix put in front of every queue name (<c>{prefix}gpu-jobs-interactive</c> …), for side-by-side deployments
    /// and tests sharing one storage account. Lowercase letters, digits and hyphens. Default empty.
    /// </summary>
    public string QueueNamePrefix { get; set; } = string.Empty;

    /// <summary>Most job messages taken in one receive and rendered together when compatible (1–32). Default 4.</summary>
    public int MaxBatchJobs { get; set; } = 4;

    /// <summary>Frames rendered per run and written per segment blob; the checkpoint interval (1–1024). Default 8.</summary>
    public int CheckpointFrames { get; set; } = 8;

    /// <summary>
    /// How many model runs may have their segments still being written (quantized, hashed, uploaded, indexed) when
    /// the next run starts (0–8). Writing behind keeps the device busy while storage works; 0 writes every checkpoint
    /// before the next run. Stopping waits for every write either way, so no rendered frame is lost. Default 2.
    /// </summary>
    public int WriteBehindRuns { get; set; } = 2;

    /// <summary>Visibility timeout of a taken message; renewed every third of it while the job runs (5 s – 1 h). Default 60 s.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A message dequeued more often than this goes to the poison queue (1–100). Default 5.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a job that failed for a transient reason stays invisible before another try (0 – 1 h). Default 10 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait after an empty poll; doubles up to <see cref="IdlePollMax"/>. Default 100 ms.</summary>
    public TimeSpan IdlePollMin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between polls of empty queues. Default 2 s.</summary>
    public TimeSpan IdlePollMax { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// First wait after a failed start-up attempt to reach storage; doubles (with jitter) up to
    /// <see cref="StorageWaitMax"/>. Default 250 ms.
    /// </summary>
    public TimeSpan StorageWaitMin { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between start-up attempts to reach storage; the worker waits for as long as it takes. Default 10 s.</summary>
    public TimeSpan StorageWaitMax { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The name of a queue with <see cref="QueueNamePrefix"/> applied.</summary>
    public string QueueName(string baseName) => QueueNamePrefix + baseName;

    /// <summary>Returns the problems with these settings; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add($"{SectionName}:{problem}");
            }
        }
        Check(GpuQueues.IsValidPrefix(QueueNamePrefix),
            $"{nameof(QueueNamePrefix)} '{QueueNamePrefix}' must be up to 30 lowercase letters, digits and hyphens, starting with a letter or digit.");
        Check(MaxBatchJobs is >= 1 and <= 32, $"{nameof(MaxBatchJobs)} must be 1–32 (was {MaxBatchJobs}).");
        Check(CheckpointFrames is >= 1 and <= 1024, $"{nameof(CheckpointFrames)} must be 1–1024 (was {CheckpointFrames}).");
        Check(WriteBehindRuns is >= 0 and <= 8, $"{nameof(WriteBehindRuns)} must be 0–8 (was {WriteBehindRuns}).");
        Check(VisibilityTimeout >= TimeSpan.FromSeconds(5) && VisibilityTimeout <= TimeSpan.FromHours(1),
            $"{nameof(VisibilityTimeout)} must be 5 s – 1 h (was {VisibilityTimeout}).");
        Check(MaxDequeueCount is >= 1 and <= 100, $"{nameof(MaxDequeueCount)} must be 1–100 (was {MaxDequeueCount}).");
        Check(RetryDelay >= TimeSpan.Zero && RetryDelay <= TimeSpan.FromHours(1), $"{nameof(RetryDelay)} must be 0 – 1 h (was {RetryDelay}).");
        Check(IdlePollMin > TimeSpan.Zero && IdlePollMin <= IdlePollMax,
            $"{nameof(IdlePollMin)} must be positive and at most {nameof(IdlePollMax)} (were {IdlePollMin} and {IdlePollMax}).");
        Check(IdlePollMax <= TimeSpan.FromMinutes(1), $"{nameof(IdlePollMax)} must be at most 1 min (was {IdlePollMax}).");
        Check(StorageWaitMin > TimeSpan.Zero && StorageWaitMin <= StorageWaitMax && StorageWaitMax <= TimeSpan.FromMinutes(5),
            $"{nameof(StorageWaitMin)} must be positive and at most {nameof(StorageWaitMax)}, which must be at most 5 min (were {StorageWaitMin} and {StorageWaitMax}).");
        problems.AddRange(StorageProblems());
        return problems;
    }

    /// <summary>
    /// The storage connection's problems: exactly one of the two forms must be there and complete. A connection string
    /// must parse; the identity-based settings need both endpoints (the missing key is named), HTTPS, a known
    /// credential and a GUID client id.
    /// </summary>
    private IEnumerable<string> StorageProblems()
    {
        var connectionString = $"{SectionName}:{nameof(StorageConnectionString)}";
        var identityKeys = Storage.SetKeys();
        if (!string.IsNullOrWhiteSpace(StorageConnectionString))
        {
            if (identityKeys.Count > 0)
            {
                yield return $"{connectionString} and the identity-based settings ({string.Join(", ", identityKeys)}) are both set; " +
                    "set one: the connection string (Azurite, an account key) or the identity settings (a managed identity).";
            }
            if (ConnectionStringProblem(StorageConnectionString) is { } problem)
            {
                yield return $"{connectionString} is not a usable Azure Storage connection string: {problem}";
            }
            yield break;
        }
        if (identityKeys.Count == 0)
        {
            yield return $"{connectionString} is required, or the identity-based settings " +
                $"{GpuWorkerStorageOptions.Key(GpuWorkerStorageOptions.BlobServiceUriKey)} and {GpuWorkerStorageOptions.Key(GpuWorkerStorageOptions.QueueServiceUriKey)} " +
                $"(with {GpuWorkerStorageOptions.Key(GpuWorkerStorageOptions.CredentialKey)}={GpuWorkerStorageOptions.ManagedIdentity} and " +
                $"{GpuWorkerStorageOptions.Key(GpuWorkerStorageOptions.ClientIdKey)} for a user-assigned managed identity).";
            yield break;
        }
        var identityProblems = Storage.Problems();
        foreach (var problem in identityProblems)
        {
            yield return problem;
        }
        if (identityProblems.Count == 0 && StorageClientFactory.IdentityClientProblem(Storage) is { } refused)
        {
            yield return $"{GpuWorkerStorageOptions.Key(GpuWorkerStorageOptions.BlobServiceUriKey)}/{GpuWorkerStorageOptions.QueueServiceUriKey} are not usable: {refused}";
        }
    }

    /// <summary>
    /// Why the storage clients cannot be made from <paramref name="connectionString"/> (the parser's message, which
    /// never quotes the key), or null. Nothing is sent anywhere.
    /// </summary>
    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new QueueServiceClient(connectionString);
            _ = new BlobServiceClient(connectionString);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return e.Message;
        }
    }

}
