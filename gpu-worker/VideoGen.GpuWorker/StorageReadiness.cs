namespace VideoGen.GpuWorker;

/// <summary>
/// Whether the worker has reached its storage (thread-safe). Not ready from start-up until <see cref="StorageStartup"/>
/// has created the queues and the blob service has answered; while waiting, <see cref="Attempts"/> and
/// <see cref="LastError"/> say why. Also recorded as the gauge <c>videogen.gpu_worker.storage_ready</c> (0 or 1).
/// </summary>
public sealed class StorageReadiness
{
    private readonly Lock _gate = new();
    private bool _ready;
    private int _attempts;
    private string? _lastError;
    private string? _failure;

    /// <summary>True once the queues exist and the blob service answered; the worker takes jobs only then.</summary>
    public bool IsReady
    {
        get
        {
            lock (_gate)
            {
                return _ready;
            }
        }
    }

    /// <summary>Start-up attempts to reach storage so far (including the one that succeeded).</summary>
    public int Attempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts;
            }
        }
    }

    /// <summary>The last attempt's error while not ready (endpoint and error), or null.</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>
    /// Why storage cannot be used at all (credentials refused, request refused), when start-up gave up at once; null
    /// otherwise. The worker then stops with exit code 1.
    /// </summary>
    public string? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    internal void Waiting(int attempts, string error)
    {
        lock (_gate)
        {
            (_ready, _attempts, _lastError) = (false, attempts, error);
        }
        WorkerMetrics.StorageReady.Record(0);
    }

    internal void Ready(int attempts)
    {
        lock (_gate)
        {
            (_ready, _attempts, _lastError) = (true, attempts, null);
        }
        WorkerMetrics.StorageReady.Record(1);
    }

    internal void Failed(int attempts, string failure)
    {
        lock (_gate)
        {
            (_ready, _attempts, _lastError, _failure) = (false, attempts, failure, failure);
        }
        WorkerMetrics.StorageReady.Record(0);
    }
}
