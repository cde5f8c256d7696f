namespace VideoGen.Contracts.Gpu;

/// <summary>Outcome of a GPU job.</summary>
public enum GpuJobStatus
{
    /// <summary>Every frame is written; <see cref="GpuJobResult.OutputBlobs"/> lists them.</summary>
    Succeeded,

    /// <summary>The job was refused or failed for good; <see cref="GpuJobResult.Error"/> says why.</summary>
    Failed,
}

/// <summary>
/// One message on <see cref="GpuQueues.Results"/> per job the worker finished or gave up on. Delivery is
/// at-least-once: a worker that dies between posting and deleting its job posts the same result again, so the
/// reader dedupes on <see cref="JobId"/>.
/// </summary>
/// <param name="JobId">The job's id; null only when the job message could not be parsed far enough to read it.</param>
/// <param name="InstanceId">The orchestration instance; null when unreadable, as for <paramref name="JobId"/>.</param>
/// <param name="ChunkIndex">The chunk index; null when unreadable.</param>
/// <param name="Status">Succeeded or failed.</param>
/// <param name="Container">Container of <paramref name="OutputBlobs"/>; null when unreadable.</param>
/// <param name="OutputBlobs">On success the chunk index blob first, then the frame segments in frame order; empty on failure.</param>
/// <param name="Frames">Frames written.</param>
/// <param name="DeviceSeconds">
/// Seconds the execution provider spent running this job's frames (its share of batched runs, by frame count),
/// summed over every attempt of this worker process; excludes storage and queue time.
/// </param>
/// <param name="Device">Execution provider that ran the job, e.g. <c>cpu</c> or <c>cuda</c>; null if none ran.</param>
/// <param name="Error">Why the job failed; null on success.</param>
/// <param name="MessageId">Id of the queue message the result answers.</param>
public sealed record GpuJobResult(
    string? JobId,
    string? InstanceId,
    int? ChunkIndex,
    GpuJobStatus Status,
    string? Container,
    IReadOnlyList<string> OutputBlobs,
    int Frames,
    double DeviceSeconds,
    string? Device,
    string? Error,
    string MessageId);

/// <summary>A job message moved to <see cref="GpuQueues.Poison"/>, with why.</summary>
/// <param name="SourceQueue">Queue the message was taken from.</param>
/// <param name="MessageId">Its message id there.</param>
/// <param name="DequeueCount">How many times it had been dequeued.</param>
/// <param name="Reason">Why the worker refused it.</param>
/// <param name="Body">The original message text, unchanged except cut after its first 8 000 characters.</param>
public sealed record GpuPoisonMessage(string SourceQueue, string MessageId, long DequeueCount, string Reason, string Body);
