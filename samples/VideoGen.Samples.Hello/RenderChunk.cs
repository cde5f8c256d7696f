using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace VideoGen.Samples.Hello;

/// <summary>
/// Stand-in for real work on one chunk of frames: it "renders" each frame by squaring its number and returns the
/// sum. Deterministic and idempotent, as an activity should be (activities run at least once).
/// </summary>
public sealed class RenderChunk(ILogger<RenderChunk> logger) : TaskActivity<ChunkInput, ChunkResult>
{
    public override async Task<ChunkResult> RunAsync(TaskActivityContext context, ChunkInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long sum = 0;
        for (int frame = input.FirstFrame; frame < input.FirstFrame + input.FrameCount; frame++)
        {
            sum += (long)frame * frame;
        }

        // A little latency, as real work would have.
        await Task.Delay(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
        logger.LogInformation("Rendered chunk {Index} (frames {First}..{Last}) of {InstanceId}",
            input.Index, input.FirstFrame, input.FirstFrame + input.FrameCount - 1, context.InstanceId);
        return new ChunkResult(input.Index, input.FirstFrame, input.FrameCount, sum);
    }
}
