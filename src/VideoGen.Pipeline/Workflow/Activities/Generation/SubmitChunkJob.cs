using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Contracts.Gpu;
using Microsoft.DurableTask;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// Sends one chunk attempt to the GPU worker pool: builds the job (<see cref="ChunkJobBuilder"/>) and puts it on
/// the tier's queue (<see cref="GpuQueues.ForTier"/>, with <see cref="GenerationOptions.QueueNamePrefix"/>; created if
/// missing) as plain <see cref="GpuJson"/> text. Returns the job id; the result arrives later on <c>gpu-results</c> and
/// is routed to the orchestration as a <c>ChunkRendered</c> event. At-least-once: a retried activity sends the same
/// job again, which the worker renders once (the second copy finds the complete index and re-posts the result).
/// </summary>
/// <remarks>
/// <see cref="ChunkJobRequest"/> carries no output version, so jobs are built for version 1; see the generation
/// README. The queue client must send plain text (the default <c>QueueMessageEncoding.None</c>).
/// </remarks>
public sealed partial class SubmitChunkJob(QueueServiceClient queues, IOptions<GenerationOptions> options, ILogger<SubmitChunkJob> logger)
    : TaskActivity<ChunkJobRequest, string>
{
    private readonly GenerationOptions _options = options.Value;

    /// <inheritdoc />
    public override Task<string> RunAsync(TaskActivityContext context, ChunkJobRequest input) => SubmitAsync(input, CancellationToken.None);

    /// <summary>The activity's body: builds and sends the job, returns its id.</summary>
    public async Task<string> SubmitAsync(ChunkJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        GpuJob job = ChunkJobBuilder.Build(request, new GpuModelRef(_options.MotionModelName, _options.MotionModelVersion));
        QueueClient queue = queues.GetQueueClient(_options.QueueName(GpuQueues.ForTier(job.Tier)));
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await queue.SendMessageAsync(GpuJson.Serialize(job), cancellationToken).ConfigureAwait(false);
        Log.Submitted(logger, job.JobId, queue.Name, job.InstanceId, job.ChunkIndex, job.Chunk.FrameCount, job.OutputPrefix);
        return job.JobId;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "GPU job {JobId} sent to {Queue} for {InstanceId}, chunk {Chunk} ({Frames} frames) → {OutputPrefix}")]
        public static partial void Submitted(ILogger logger, string jobId, string queue, string instanceId, int chunk, int frames, string outputPrefix);
    }
}
