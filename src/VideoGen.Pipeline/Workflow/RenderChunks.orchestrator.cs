using Microsoft.Extensions.Logging;
using VideoGen.Contracts.Gpu;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Workflow;

/// <summary>Input of <see cref="RenderChunks"/>.</summary>
/// <param name="Run">The run input.</param>
/// <param name="Brief">The validated brief.</param>
/// <param name="Assets">Prepared inputs.</param>
/// <param name="Plan">The chunk plan.</param>
/// <param name="Tier">The tier.</param>
/// <param name="Version">Output version.</param>
/// <param name="Chunks">Indices of the chunks to render.</param>
/// <param name="Settings">Deadlines and attempts.</param>
public sealed record RenderChunksInput(
    BriefRunInput Run, ValidatedBrief Brief, PreparedAssets Assets, ChunkPlan Plan, GpuTier Tier, int Version, IReadOnlyList<int> Chunks, RunSettings Settings);

/// <summary>
/// Fans out one GPU job per chunk on the tier's queue and fans in on <c>ChunkRendered</c> events (raised by the
/// <c>GpuResults</c> function on this sub-orchestration's own id), racing a durable deadline timer. A failed or late
/// chunk is submitted again (same output prefix, so the worker resumes from its checkpoint) up to
/// <see cref="RunSettings.MaxChunkAttempts"/>; then the render fails with a reason naming the chunk. A result for an
/// earlier attempt of a chunk still pending is accepted (its frames are the same); duplicates are ignored.
/// </summary>
public sealed class RenderChunks : TaskOrchestrator<RenderChunksInput, RenderResult>
{
    /// <inheritdoc />
    public override async Task<RenderResult> RunAsync(TaskOrchestrationContext context, RenderChunksInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ILogger log = context.CreateReplaySafeLogger<RenderChunks>();
        var attempts = input.Chunks.ToDictionary(c => c, _ => 0);
        var jobs = new Dictionary<string, int>(StringComparer.Ordinal); // job id → chunk
        var done = new SortedDictionary<int, GpuJobResult>();
        int submitted = 0;

        async Task SubmitAsync(IEnumerable<int> chunks, DateTime deadline)
        {
            var sends = new List<Task<string>>();
            var order = new List<int>();
            foreach (int c in chunks)
            {
                attempts[c]++;
                if (attempts[c] > input.Settings.MaxChunkAttempts)
                {
                    throw new RunFailedException("render.chunk-failed",
                        $"Chunk {c} of the {input.Tier} render failed or was late {input.Settings.MaxChunkAttempts} times; giving up.");
                }

                var request = new ChunkJobRequest(input.Run, context.InstanceId, input.Brief, input.Assets, input.Plan,
                    input.Plan.Chunks[c], input.Tier, attempts[c], new DateTimeOffset(deadline, TimeSpan.Zero), null, input.Version);
                sends.Add(context.CallActivityAsync<string>(nameof(SubmitChunkJob), request));
                order.Add(c);
                submitted++;
            }

            string[] ids = await Task.WhenAll(sends);
            for (int i = 0; i < ids.Length; i++)
            {
                jobs[ids[i]] = order[i];
            }
        }

        DateTime roundDeadline = context.CurrentUtcDateTime + input.Settings.ChunkDeadline;
        await SubmitAsync(input.Chunks, roundDeadline);
        Task<GpuJobResult>? next = null;
        while (done.Count < input.Chunks.Count)
        {
            using var timerCts = new CancellationTokenSource();
            Task timer = context.CreateTimer(roundDeadline, timerCts.Token);
            next ??= context.WaitForExternalEvent<GpuJobResult>(WorkflowNames.ChunkRendered);
            Task winner = await Task.WhenAny(next, timer);
            if (winner == timer)
            {
                // Round deadline: everything still pending is late. Submit it again with a new deadline.
                var late = input.Chunks.Where(c => !done.ContainsKey(c)).ToList();
                log.LogWarning("{Tier} render: chunks {Chunks} late at the deadline; resubmitting", input.Tier, string.Join(",", late));
                roundDeadline = context.CurrentUtcDateTime + input.Settings.ChunkDeadline;
                await SubmitAsync(late, roundDeadline);
                continue;
            }

            timerCts.Cancel();
            GpuJobResult result = await next;
            next = null;
            if (result.JobId is null || !jobs.TryGetValue(result.JobId, out int chunk) || done.ContainsKey(chunk))
            {
                continue; // not ours, or a duplicate / an earlier attempt of a chunk already done
            }

            if (result.Status == GpuJobStatus.Succeeded)
            {
                done[chunk] = result;
                context.SetCustomStatus(new RenderProgress(input.Tier.ToString(), done.Count, input.Chunks.Count));
                continue;
            }

            log.LogWarning("{Tier} render: chunk {Chunk} job {Job} failed: {Error}", input.Tier, chunk, result.JobId, result.Error);
            if (attempts[chunk] >= input.Settings.MaxChunkAttempts)
            {
                throw new RunFailedException("render.chunk-failed",
                    $"Chunk {chunk} of the {input.Tier} render failed {attempts[chunk]} times; last error: {result.Error}");
            }

            await SubmitAsync([chunk], roundDeadline);
        }

        return new RenderResult(input.Tier, input.Version, [.. done.Values], submitted);
    }
}
