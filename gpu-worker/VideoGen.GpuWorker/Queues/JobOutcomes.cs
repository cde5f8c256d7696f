using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using VideoGen.Contracts.Gpu;
using VideoGen.GpuWorker.Jobs;

namespace VideoGen.GpuWorker.Queues;

/// <summary>Settles a job: posts its <see cref="GpuJobResult"/>, moves refused messages to the poison queue, deletes the message.</summary>
internal sealed class JobOutcomes(QueueClient results, QueueClient poisonQueue, WorkerCounters counters, ILogger logger)
{
    /// <summary>
    /// Longest poison-message body kept, in characters: a queue message holds at most 64 KiB, and JSON escaping can
    /// grow a character to six.
    /// </summary>
    public const int MaxPoisonBodyChars = 8_000;

    private const int MaxResultChars = 48_000;

    /// <summary>Posts a succeeded result listing the outputs, then deletes the message.</summary>
    public async Task SucceedAsync(LeasedMessage lease, GpuJob job, IReadOnlyList<GpuChunkSegment> segments, double deviceSeconds, string device,
        CancellationToken cancellationToken)
    {
        var blobs = new List<string> { GpuOutputLayout.IndexBlob(job.OutputPrefix) };
        blobs.AddRange(segments.Select(s => s.Blob));
        var result = new GpuJobResult(job.JobId, job.InstanceId, job.ChunkIndex, GpuJobStatus.Succeeded, job.Container, blobs,
            job.Chunk.FrameCount, deviceSeconds, device.ToLowerInvariant(), null, lease.MessageId);
        var text = GpuJson.Serialize(result);
        if (text.Length > MaxResultChars)
        {
            // Too many segments to list in one queue message: the index lists them all.
            text = GpuJson.Serialize(result with { OutputBlobs = [blobs[0]] });
        }
        await results.SendMessageAsync(text, cancellationToken).ConfigureAwait(false);
        await lease.DeleteAsync(cancellationToken).ConfigureAwait(false);
        counters.Succeeded();
        logger.JobSucceeded(job.JobId, job.Chunk.FrameCount, deviceSeconds, result.Device!);
    }

    /// <summary>Poisons the message when <paramref name="poison"/> is set, posts a failed result with <paramref name="reason"/>, deletes the message.</summary>
    public async Task FailAsync(LeasedMessage lease, string body, string reason, bool poison, CancellationToken cancellationToken)
    {
        if (poison)
        {
            var kept = body.Length <= MaxPoisonBodyChars ? body : body[..MaxPoisonBodyChars];
            var message = new GpuPoisonMessage(lease.QueueName, lease.MessageId, lease.Message.DequeueCount, reason, kept);
            await poisonQueue.SendMessageAsync(GpuJson.Serialize(message), cancellationToken).ConfigureAwait(false);
            logger.MessagePoisoned(lease.MessageId, lease.QueueName, reason);
        }
        var (jobId, instanceId, chunkIndex) = JobReader.ReadIds(body);
        var result = new GpuJobResult(jobId, instanceId, chunkIndex, GpuJobStatus.Failed, null, [], 0, 0, null, reason, lease.MessageId);
        await results.SendMessageAsync(GpuJson.Serialize(result), cancellationToken).ConfigureAwait(false);
        await lease.DeleteAsync(cancellationToken).ConfigureAwait(false);
        counters.Failed(poison);
        logger.JobFailed(jobId ?? lease.MessageId, reason);
    }
}
