using Microsoft.DurableTask.Client;
using VideoGen.Functions.Api;
using VideoGen.Contracts.Gpu;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Triggers;

/// <summary>
/// <c>GpuResults</c>: reads <c>gpu-results</c> and raises <c>ChunkRendered</c> (the result itself as payload) on the
/// render instance named in it. A result for a render that has ended is logged and dropped; one for an instance that
/// does not exist (yet) fails the message, so the queue retries it and finally poisons it; a result that cannot be
/// read is logged and dropped (the job's deadline timer in the run covers it).
/// </summary>
public sealed partial class GpuResultsFunction(Microsoft.Extensions.Options.IOptions<Pipeline.Workflow.Activities.GenerationOptions> generation, ILogger<GpuResultsFunction> logger)
    : IQueueFunction
{
    /// <summary><c>gpu-results</c>, after the GPU queues' prefix (empty except in tests).</summary>
    public string QueueName => generation.Value.QueueNamePrefix + GpuQueues.Results;

    /// <summary>The function name.</summary>
    public const string FunctionName = "GpuResults";

    /// <inheritdoc />
    public string Name => FunctionName;

    /// <inheritdoc />
    public async Task HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        GpuJobResult result;
        try
        {
            result = GpuJson.Deserialize<GpuJobResult>(message);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            Log.Unreadable(logger, ex.Message);
            return;
        }

        if (string.IsNullOrEmpty(result.InstanceId))
        {
            Log.NoInstance(logger, result.JobId ?? "(none)", result.Error ?? "");
            return;
        }

        try
        {
            await client.RaiseWhileRunningAsync(result.InstanceId, WorkflowNames.ChunkRendered, result, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceNotRunningException ex) when (ex.Status is not null)
        {
            Log.Dropped(logger, result.JobId ?? "", result.InstanceId, ex.Message); // the render has ended
        }

        // An instance that does not exist yet is not dropped: the engine sends an episode's activity messages before it
        // writes the instance's row, so a fast job's result can arrive first. The exception fails the message, which
        // the queue retries (host.json visibilityTimeout) and poisons after maxDequeueCount if the instance never comes.
    }

    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Warning, "gpu-results message could not be read: {Reason}; dropped")]
        public static partial void Unreadable(ILogger logger, string reason);

        [LoggerMessage(111, LogLevel.Warning, "Result of job {JobId} names no instance ({Error}); dropped")]
        public static partial void NoInstance(ILogger logger, string jobId, string error);

        [LoggerMessage(112, LogLevel.Information, "Result of job {JobId} for {InstanceId} dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, string jobId, string instanceId, string reason);
    }
}
