using Microsoft.DurableTask.Client;

namespace VideoGen.Functions.Api;

/// <summary>
/// Raising an event on an instance that has ended does nothing in Durable Task (the message is discarded), so the
/// caller would never learn that its event was lost. The app's handlers raise through
/// <see cref="RaiseWhileRunningAsync"/>, which checks first and says so.
/// </summary>
public static class RunningInstances
{
    /// <summary>Raises <paramref name="eventName"/> on <paramref name="instanceId"/> if it exists and has not ended; otherwise throws <see cref="InstanceNotRunningException"/>.</summary>
    public static async Task RaiseWhileRunningAsync(this DurableTaskClient client, string instanceId, string eventName, object? payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? m = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct).ConfigureAwait(false);
        if (m is null || m.IsCompleted)
        {
            throw new InstanceNotRunningException(instanceId, eventName, m?.RuntimeStatus);
        }

        await client.RaiseEventAsync(instanceId, eventName, payload, ct).ConfigureAwait(false);
    }
}

/// <summary>An event was not raised because its instance does not exist or has ended; names both.</summary>
public sealed class InstanceNotRunningException(string instanceId, string eventName, OrchestrationRuntimeStatus? status)
    : InvalidOperationException(status is { } s
        ? $"Event '{eventName}' was not raised: instance '{instanceId}' is {s}."
        : $"Event '{eventName}' was not raised: instance '{instanceId}' does not exist.")
{
    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>Its status, or null when it does not exist.</summary>
    public OrchestrationRuntimeStatus? Status { get; } = status;
}
