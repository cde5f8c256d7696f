using Microsoft.DurableTask;
using VideoGen.DurableHost;

namespace VideoGen.Engine.Bench;

/// <summary>Input of one sequential-hop run: a run id (activities of other runs are ignored) and the hop count.</summary>
internal sealed record HopPlan(string Run, int Count);

/// <summary>Input of one hop activity.</summary>
internal sealed record HopInput(string Run, int Index);

/// <summary>Input of one fan-out: a run id and the number of activities.</summary>
internal sealed record FanOutPlan(string Run, int Count);

/// <summary>Input of one fan-out activity.</summary>
internal sealed record WorkInput(string Run, int Index);

/// <summary>
/// The bench's Microsoft.DurableTask classes, registered on the local host by class name as the app's are. Activities
/// are trivial and report to the <see cref="Probe"/> singleton, so timings are taken where the work happens (inside the
/// activity), not by polling a client.
/// </summary>
internal static class Workflows
{
    public static void Register(TaskRegistry r) => r
        .AddOrchestrator<HopChain>()
        .AddOrchestrator<FanOut>()
        .AddOrchestrator<IdleProbe>()
        .AddActivity<Hop>()
        .AddActivity<Work>()
        .AddActivity<Touch>();
}

/// <summary>Calls <see cref="Hop"/> <see cref="HopPlan.Count"/> times in sequence.</summary>
internal sealed class HopChain : TaskOrchestrator<HopPlan, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, HopPlan input)
    {
        for (int i = 0; i < input.Count; i++)
        {
            await context.CallActivityAsync<int>(nameof(Hop), new HopInput(input.Run, i));
        }

        return input.Count;
    }
}

/// <summary>Fans out <see cref="FanOutPlan.Count"/> <see cref="Work"/> activities at once and fans in.</summary>
internal sealed class FanOut : TaskOrchestrator<FanOutPlan, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, FanOutPlan input)
    {
        var work = new List<Task<int>>(input.Count);
        for (int i = 0; i < input.Count; i++)
        {
            work.Add(context.CallActivityAsync<int>(nameof(Work), new WorkInput(input.Run, i)));
        }

        int[] done = await Task.WhenAll(work);
        return done.Length;
    }
}

/// <summary>One <see cref="Touch"/> activity: the idle-start and host-start probe.</summary>
internal sealed class IdleProbe : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        await context.CallActivityAsync<int>(nameof(Touch), input);
        return input;
    }
}

/// <summary>Records when hop <see cref="HopInput.Index"/> ran.</summary>
internal sealed class Hop(Probe probe) : TaskActivity<HopInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, HopInput input)
    {
        probe.RecordHop(input);
        return Task.FromResult(input.Index);
    }
}

/// <summary>Counts one fan-out activity.</summary>
internal sealed class Work(Probe probe) : TaskActivity<WorkInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, WorkInput input)
    {
        probe.RecordWork(input.Run);
        return Task.FromResult(input.Index);
    }
}

/// <summary>Signals that the probe instance's activity ran.</summary>
internal sealed class Touch(Probe probe) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string input)
    {
        probe.RecordTouch(input);
        return Task.FromResult(0);
    }
}
