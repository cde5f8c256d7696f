using Microsoft.Extensions.Logging;

namespace VideoGen.GpuWorker;

/// <summary>Source-generated log messages of the GPU worker (event ids 5001–5099).</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "GPU worker started: queues {Interactive} then {Batch}, results {Results}, poison {Poison}; batch up to {MaxBatchJobs} jobs, checkpoint every {CheckpointFrames} frames")]
    public static partial void WorkerStarted(this ILogger logger, string interactive, string batch, string results, string poison, int maxBatchJobs, int checkpointFrames);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information,
        Message = "Job {JobId} (instance {InstanceId}, chunk {ChunkIndex}) from {Queue}: resuming at frame {FramesDone} of {FrameCount}")]
    public static partial void JobStarted(this ILogger logger, string jobId, string instanceId, int chunkIndex, string queue, int framesDone, int frameCount);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information,
        Message = "Job {JobId} succeeded: {Frames} frames, {DeviceSeconds:F3} device-seconds on {Device}")]
    public static partial void JobSucceeded(this ILogger logger, string jobId, int frames, double deviceSeconds, string device);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning,
        Message = "Message {MessageId} from {Queue} moved to the poison queue: {Reason}")]
    public static partial void MessagePoisoned(this ILogger logger, string messageId, string queue, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information,
        Message = "Stopping: released message {MessageId} (job {JobId}) at frame {FramesDone} of {FrameCount}")]
    public static partial void MessageReleased(this ILogger logger, string messageId, string jobId, int framesDone, int frameCount);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning,
        Message = "Job {JobId} failed for a reason that may pass; it is retried after {RetryDelay} from its checkpoint")]
    public static partial void JobRetrying(this ILogger logger, Exception exception, string jobId, TimeSpan retryDelay);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning,
        Message = "Could not extend the visibility of message {MessageId}; another worker may take it")]
    public static partial void LeaseLost(this ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Debug,
        Message = "Rendered {Frames} frames of {Jobs} job(s) in one run of {Model} ({Seconds:F4} s)")]
    public static partial void RunCompleted(this ILogger logger, int frames, int jobs, string model, double seconds);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning,
        Message = "Job {JobId}: the checkpoint at {Blob} does not fit the job ({Why}); rendering from frame 0")]
    public static partial void CheckpointIgnored(this ILogger logger, string jobId, string blob, string why);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning,
        Message = "Job {JobId} failed: {Error}")]
    public static partial void JobFailed(this ILogger logger, string jobId, string error);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Error,
        Message = "Polling the GPU job queues failed; trying again after {Delay}")]
    public static partial void PollFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information,
        Message = "GPU worker stopped")]
    public static partial void WorkerStopped(this ILogger logger);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Error,
        Message = "A checkpoint write failed while the render loop was already stopping or failing")]
    public static partial void WriteFailedWhileStopping(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Warning,
        Message = "Could not release message {MessageId} at shutdown; it becomes visible again when its lease lapses")]
    public static partial void ReleaseAtStopFailed(this ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Warning,
        Message = "Not ready: storage not reachable yet at {Endpoint} (attempt {Attempt}: {Error}); trying again in {DelaySeconds:0.00} s")]
    public static partial void StorageNotReady(this ILogger logger, string endpoint, int attempt, string error, double delaySeconds);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Information,
        Message = "Storage ready after {Attempts} attempt(s): queues at {QueueEndpoint}, blobs at {BlobEndpoint} ({Authentication})")]
    public static partial void StorageReady(this ILogger logger, int attempts, string queueEndpoint, string blobEndpoint, string authentication);

    [LoggerMessage(EventId = 5017, Level = LogLevel.Critical,
        Message = "Storage at {Endpoint} refused the GPU worker ({Error}): {Hint} Stopping with exit code 1.")]
    public static partial void StorageUnusable(this ILogger logger, string endpoint, string error, string hint);

    [LoggerMessage(EventId = 5018, Level = LogLevel.Warning,
        Message = "Not ready: {Credential} got no token yet for storage at {Endpoint}, its identity endpoint is not reachable (attempt {Attempt}: {Error}); trying again in {DelaySeconds:0.00} s")]
    public static partial void StorageTokenNotReady(this ILogger logger, string credential, string endpoint, int attempt, string error, double delaySeconds);

    [LoggerMessage(EventId = 5019, Level = LogLevel.Critical,
        Message = "{Credential} could not get a token for storage at {Endpoint} ({Error}): {Hint} Stopping with exit code 1.")]
    public static partial void StorageTokenUnavailable(this ILogger logger, string credential, string endpoint, string error, string hint);
}
