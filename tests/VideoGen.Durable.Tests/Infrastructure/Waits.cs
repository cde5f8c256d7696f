namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>Every wait in this suite is bounded, so a hang fails the test instead of hanging CI.</summary>
internal static class TestTimeouts
{
    /// <summary>The default bound of a wait: generous, because CI runs on two cores.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    /// <summary>A token source that cancels after <paramref name="timeout"/> (default <see cref="Default"/>).</summary>
    public static CancellationTokenSource Cts(TimeSpan? timeout = null) => new(timeout ?? Default);
}

/// <summary>Bounded waits on instances, with messages that say what was last seen.</summary>
internal static class Waits
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until the instance is terminal and returns it with input and output.</summary>
    public static async Task<OrchestrationMetadata> WaitForCompletionAsync(this DurableTaskClient client, string instanceId, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TestTimeouts.Default;
        using CancellationTokenSource cts = TestTimeouts.Cts(limit);
        try
        {
            return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Instance '{instanceId}' did not finish within {limit.TotalSeconds:0} s; {await DescribeAsync(client, instanceId)}.");
        }
    }

    /// <summary>Waits until every instance is terminal (in parallel, one shared bound).</summary>
    public static async Task<OrchestrationMetadata[]> WaitForAllAsync(this DurableTaskClient client, IEnumerable<string> instanceIds, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TestTimeouts.Default;
        using CancellationTokenSource cts = TestTimeouts.Cts(limit);
        string[] ids = instanceIds.ToArray();
        try
        {
            return await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token)));
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            var unfinished = new List<string>();
            foreach (string id in ids)
            {
                OrchestrationMetadata? m = await TryGetAsync(client, id);
                if (m is null || !m.IsCompleted)
                {
                    unfinished.Add($"{id}={m?.RuntimeStatus.ToString() ?? "missing"}");
                }
            }

            throw new TimeoutException(
                $"{unfinished.Count} of {ids.Length} instances did not finish within {limit.TotalSeconds:0} s: {string.Join(", ", unfinished.Take(20))}");
        }
    }

    /// <summary>Polls the instance until <paramref name="condition"/> holds and returns what satisfied it.</summary>
    public static async Task<OrchestrationMetadata> WaitForStateAsync(
        this DurableTaskClient client, string instanceId, Func<OrchestrationMetadata, bool> condition, string description, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TestTimeouts.Default;
        using CancellationTokenSource cts = TestTimeouts.Cts(limit);
        try
        {
            while (true)
            {
                OrchestrationMetadata? m = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cts.Token);
                if (m is not null && condition(m))
                {
                    return m;
                }

                await Task.Delay(PollInterval, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Instance '{instanceId}' did not reach '{description}' within {limit.TotalSeconds:0} s; {await DescribeAsync(client, instanceId)}.");
        }
    }

    /// <summary>Waits until the orchestration has set custom status <paramref name="status"/> (a JSON string).</summary>
    public static Task<OrchestrationMetadata> WaitForCustomStatusAsync(this DurableTaskClient client, string instanceId, string status, TimeSpan? timeout = null)
        => client.WaitForStateAsync(instanceId, m => m.SerializedCustomStatus is not null && m.ReadCustomStatusAs<string>() == status, $"custom status {status}", timeout);

    /// <summary>Waits until the instance shows <paramref name="status"/>.</summary>
    public static Task<OrchestrationMetadata> WaitForRuntimeStatusAsync(this DurableTaskClient client, string instanceId, OrchestrationRuntimeStatus status, TimeSpan? timeout = null)
        => client.WaitForStateAsync(instanceId, m => m.RuntimeStatus == status, $"status {status}", timeout);

    /// <summary>Polls <paramref name="condition"/> until it returns true.</summary>
    public static async Task UntilAsync(Func<CancellationToken, Task<bool>> condition, string description, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TestTimeouts.Default;
        using CancellationTokenSource cts = TestTimeouts.Cts(limit);
        try
        {
            while (!await condition(cts.Token))
            {
                await Task.Delay(PollInterval, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Gave up after {limit.TotalSeconds:0} s waiting for: {description}.");
        }
    }

    private static async Task<string> DescribeAsync(DurableTaskClient client, string instanceId)
    {
        OrchestrationMetadata? m = await TryGetAsync(client, instanceId);
        return m is null
            ? "no such instance"
            : $"last seen {m.RuntimeStatus}, custom status {m.SerializedCustomStatus ?? "none"}, failure {m.FailureDetails?.ToString() ?? "none"}";
    }

    private static async Task<OrchestrationMetadata?> TryGetAsync(DurableTaskClient client, string instanceId)
    {
        try
        {
            using CancellationTokenSource cts = TestTimeouts.Cts(TimeSpan.FromSeconds(10));
            return await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cts.Token);
        }
        catch (Exception)
        {
            return null;
        }
    }
}
