using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace VideoGen.Samples.Hello;

/// <summary>
/// Fans out one <see cref="RenderChunk"/> activity per chunk and fans in, waits on a 2 s durable timer, then waits
/// up to 30 s for an <c>Approval</c> external event. The body re-runs over its history on every episode, so it
/// uses the context for time and waits, and nothing else.
/// </summary>
public sealed class HelloOrchestrator : TaskOrchestrator<HelloInput, HelloResult>
{
    public static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ApprovalTimeout = TimeSpan.FromSeconds(30);

    public override async Task<HelloResult> RunAsync(TaskOrchestrationContext context, HelloInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ILogger log = context.CreateReplaySafeLogger<HelloOrchestrator>();

        // 1. Fan out: one activity per chunk, all scheduled at once; fan in with Task.WhenAll.
        context.SetCustomStatus(HelloStatus.Rendering);
        int chunkSize = (input.FrameCount + input.Chunks - 1) / input.Chunks;
        var renders = new List<Task<ChunkResult>>(input.Chunks);
        for (int i = 0; i < input.Chunks; i++)
        {
            int first = i * chunkSize;
            int count = Math.Min(chunkSize, input.FrameCount - first);
            renders.Add(context.CallActivityAsync<ChunkResult>(nameof(RenderChunk), new ChunkInput(i, first, count)));
        }

        ChunkResult[] chunks = await Task.WhenAll(renders);
        log.LogInformation("All {Count} chunks rendered", chunks.Length);

        // 2. A durable timer: survives a host restart, costs nothing while it waits.
        context.SetCustomStatus(HelloStatus.CoolingDown);
        DateTime timerDue = context.CurrentUtcDateTime + CoolDown;
        await context.CreateTimer(timerDue, CancellationToken.None);
        DateTime timerResumed = context.CurrentUtcDateTime;

        // 3. Wait for a person (here: the program itself) to approve; after 30 s the wait is cancelled and the run fails.
        context.SetCustomStatus(HelloStatus.AwaitingApproval);
        ApprovalDecision decision = await context.WaitForExternalEvent<ApprovalDecision>(HelloStatus.ApprovalEvent, ApprovalTimeout);
        context.SetCustomStatus(decision.Approved ? HelloStatus.Approved : HelloStatus.Rejected);
        log.LogInformation("Decision: approved={Approved} by {By}", decision.Approved, decision.ApprovedBy);

        return new HelloResult(
            input.Title,
            input.FrameCount,
            chunks.OrderBy(c => c.Index).ToArray(),
            chunks.Sum(c => c.SumOfSquares),
            timerDue,
            timerResumed,
            decision.Approved,
            decision.ApprovedBy,
            context.CurrentUtcDateTime);
    }
}
