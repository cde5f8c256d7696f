using System.Diagnostics;

namespace VideoGen.Durable.Bench;

/// <summary>
/// Waiting for scenario instances without letting client polling load storage during measurements: first the
/// in-process signal raised by the scenario's activities, then a read of each instance until it is terminal.
/// Instances still running when the budget is spent are reported and terminated.
/// </summary>
internal static class Waits
{
    /// <summary>True when the instance completed within the budget; false (with a note) otherwise.</summary>
    public static async Task<bool> CompleteAsync(DurableTaskClient client, string instanceId, Task signal, TimeSpan budget, string what, CancellationToken ct)
    {
        OrchestrationMetadata? metadata = await FinishAsync(client, instanceId, signal, budget, what, ct).ConfigureAwait(false);
        return metadata?.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
    }

    /// <summary>The terminal metadata of the instance, or null when it did not finish within the budget.</summary>
    public static async Task<OrchestrationMetadata?> FinishAsync(DurableTaskClient client, string instanceId, Task signal, TimeSpan budget, string what, CancellationToken ct)
        => (await FinishAllAsync(client, [instanceId], signal, budget, what, ct).ConfigureAwait(false))[0];

    /// <summary>Terminal metadata per instance (null for one that did not finish within the budget).</summary>
    public static async Task<OrchestrationMetadata?[]> FinishAllAsync(
        DurableTaskClient client, IReadOnlyList<string> instanceIds, Task signal, TimeSpan budget, string what, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        bool signalled = await TryWaitAsync(signal, budget, ct).ConfigureAwait(false);

        // After the signal only each instance's last episode is left: allow a little beyond the budget for it.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Positive(budget - clock.Elapsed) + TimeSpan.FromSeconds(signalled ? 10 : 0));
        var results = new OrchestrationMetadata?[instanceIds.Count];
        var unfinished = new List<(string Id, OrchestrationMetadata? State)>();
        for (int i = 0; i < instanceIds.Count; i++)
        {
            string id = instanceIds[i];
            OrchestrationMetadata? state = null;
            try
            {
                state = cts.IsCancellationRequested
                    ? await client.GetInstanceAsync(id, false, ct).ConfigureAwait(false)
                    : await client.WaitForInstanceCompletionAsync(id, false, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                state = await client.GetInstanceAsync(id, false, ct).ConfigureAwait(false);
            }

            if (state is { IsCompleted: true })
            {
                results[i] = state;
                if (state.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
                {
                    Report.Note($"{what}: instance {id} ended {state.RuntimeStatus}: {state.FailureDetails}");
                }
            }
            else
            {
                unfinished.Add((id, state));
            }
        }

        if (unfinished.Count > 0)
        {
            string states = string.Join(", ", unfinished.GroupBy(u => u.State?.RuntimeStatus.ToString() ?? "missing").Select(g => $"{g.Count()} {g.Key}"));
            Report.Note($"{what}: TIMED OUT after {clock.Elapsed.TotalSeconds:0.0} s; {unfinished.Count} of {instanceIds.Count} instances unfinished ({states}), " +
                $"e.g. {unfinished[0].Id}; terminating them");
            foreach ((string id, OrchestrationMetadata? state) in unfinished.Where(u => u.State is not null))
            {
                await client.TerminateInstanceAsync(id, "benchmark budget exceeded", ct).ConfigureAwait(false);
            }
        }

        return results;
    }

    /// <summary>True when <paramref name="signal"/> finished within <paramref name="budget"/>.</summary>
    public static async Task<bool> TryWaitAsync(Task signal, TimeSpan budget, CancellationToken ct)
    {
        try
        {
            await signal.WaitAsync(Positive(budget), ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public static TimeSpan Positive(TimeSpan t) => t > TimeSpan.Zero ? t : TimeSpan.FromMilliseconds(1);
}
