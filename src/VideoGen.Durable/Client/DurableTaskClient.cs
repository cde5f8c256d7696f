using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable;

/// <summary>
/// Starts, inspects, signals and cleans up orchestration instances. Status reads come from the instance's
/// history sentinel (authoritative); queries come from the <c>{hub}Instances</c> table (may briefly lag).
/// </summary>
public sealed partial class DurableTaskClient
{
    private readonly IDurableStorage _storage;
    private readonly MessageBus _bus;
    private readonly PayloadStore _payloads;
    private readonly JsonDataConverter _converter;
    private readonly TaskHubReady _ready;
    private readonly ILogger _logger;

    internal DurableTaskClient(IDurableStorage storage, MessageBus bus, PayloadStore payloads, JsonDataConverter converter, TaskHubReady ready, ILogger<DurableTaskClient> logger)
    {
        _storage = storage;
        _bus = bus;
        _payloads = payloads;
        _converter = converter;
        _ready = ready;
        _logger = logger;
    }

    /// <summary>Schedules a new instance of <paramref name="orchestratorName"/> and returns its id.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is in use and the reuse policy does not allow it.</exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        options ??= new StartOrchestrationOptions();
        string instanceId = options.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId);
        await _ready.EnsureAsync(cancellationToken).ConfigureAwait(false);

        string? inputJson = _converter.Serialize(input);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var row = new InstanceRow
        {
            InstanceId = instanceId,
            Name = orchestratorName,
            Status = OrchestrationRuntimeStatus.Pending,
            ExecutionId = Guid.NewGuid().ToString("N"),
            CreatedAt = now,
            LastUpdatedAt = now,
            Input = await _payloads.OffloadPropertyAsync(instanceId, inputJson, "input", cancellationToken).ConfigureAwait(false),
        };

        if (!await _storage.TryAddInstanceAsync(row, cancellationToken).ConfigureAwait(false))
        {
            InstanceRow existing = await _storage.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? row;
            SentinelRow? sentinel = await _storage.GetSentinelAsync(instanceId, cancellationToken).ConfigureAwait(false);
            OrchestrationRuntimeStatus status = sentinel?.Status ?? existing.Status;
            switch (options.IfExists)
            {
                case InstanceIdReusePolicy.StartIfAbsent:
                    if (sentinel is null && existing.Status == OrchestrationRuntimeStatus.Pending)
                    {
                        // A start that may have crashed before sending its message: send it again. The worker
                        // dedupes starts by execution id, so a second copy starts nothing new.
                        string? existingInput = await _payloads.ResolvePropertyAsync(existing.Input, cancellationToken).ConfigureAwait(false);
                        await SendStartAsync(instanceId, existing.Name, existing.ExecutionId!, existingInput, cancellationToken).ConfigureAwait(false);
                    }

                    Log.StartSkipped(_logger, instanceId, status);
                    return instanceId;
                case InstanceIdReusePolicy.ReplaceTerminal when status.IsTerminal():
                    await _storage.UpsertInstanceAsync(row, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new OrchestrationAlreadyExistsException(instanceId, status);
            }
        }

        await SendStartAsync(instanceId, orchestratorName, row.ExecutionId!, inputJson, cancellationToken).ConfigureAwait(false);
        Log.Scheduled(_logger, orchestratorName, instanceId);
        return instanceId;
    }

    private Task SendStartAsync(string instanceId, string name, string executionId, string? inputJson, CancellationToken ct)
    {
        var started = new ExecutionStarted(name, executionId, inputJson, Parent: null, TraceParent: System.Diagnostics.Activity.Current?.Id);
        return _bus.SendControlAsync(new ControlMessage(instanceId, executionId, started, Guid.NewGuid().ToString("N"), started.TraceParent), null, ct);
    }

    /// <summary>The instance's state, or null when no instance has that id.</summary>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        InstanceIds.Validate(instanceId);
        await _ready.EnsureAsync(cancellationToken).ConfigureAwait(false);
        // The sentinel is authoritative; the instances-table row alone exists while the start is still queued.
        SentinelRow? s = await _storage.GetSentinelAsync(instanceId, cancellationToken).ConfigureAwait(false);
        InstanceRow? row = s?.ToInstanceRow(instanceId) ?? await _storage.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : await ToMetadataAsync(row, getInputsAndOutputs, cancellationToken, includeCustomStatus: true).ConfigureAwait(false);
    }

    /// <summary>Polls until the instance is terminal (Completed, Failed or Terminated) and returns it.</summary>
    /// <exception cref="OrchestrationNotFoundException">No instance has that id.</exception>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            OrchestrationMetadata metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false)
                ?? throw new OrchestrationNotFoundException(instanceId);
            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 500));
        }
    }

    /// <summary>Raises an external event. Events raised before the orchestration waits for them are kept.</summary>
    /// <exception cref="OrchestrationNotFoundException">No instance has that id.</exception>
    /// <exception cref="OrchestrationNotRunningException">The instance has already finished.</exception>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        OrchestrationMetadata metadata = await RequireInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (metadata.IsCompleted)
        {
            throw new OrchestrationNotRunningException(instanceId, eventName, metadata.RuntimeStatus);
        }

        string messageId = Guid.NewGuid().ToString("N");
        var raised = new EventRaised(eventName, _converter.Serialize(eventPayload), messageId);
        await _bus.SendControlAsync(new ControlMessage(instanceId, null, raised, messageId), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Terminates a running instance; a finished instance is left as it is.</summary>
    public async Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default)
    {
        OrchestrationMetadata metadata = await RequireInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (!metadata.IsCompleted)
        {
            string messageId = Guid.NewGuid().ToString("N");
            var e = new ExecutionTerminated(_converter.Serialize(output), messageId);
            await _bus.SendControlAsync(new ControlMessage(instanceId, null, e, messageId), null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Suspends a running instance: it keeps receiving events but does not act on them until resumed.</summary>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendLifecycleAsync(instanceId, id => new ExecutionSuspended(reason, id), cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendLifecycleAsync(instanceId, id => new ExecutionResumed(reason, id), cancellationToken);

    private async Task SendLifecycleAsync(string instanceId, Func<string, HistoryEvent> create, CancellationToken ct)
    {
        OrchestrationMetadata metadata = await RequireInstanceAsync(instanceId, ct).ConfigureAwait(false);
        if (metadata.IsCompleted)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' is {metadata.RuntimeStatus}; it can no longer be suspended or resumed.");
        }

        string messageId = Guid.NewGuid().ToString("N");
        await _bus.SendControlAsync(new ControlMessage(instanceId, null, create(messageId), messageId), null, ct).ConfigureAwait(false);
    }

    private async Task<OrchestrationMetadata> RequireInstanceAsync(string instanceId, CancellationToken ct)
        => await GetInstanceAsync(instanceId, false, ct).ConfigureAwait(false) ?? throw new OrchestrationNotFoundException(instanceId);

    private async Task<OrchestrationMetadata> ToMetadataAsync(InstanceRow row, bool withData, CancellationToken ct, bool includeCustomStatus = false) => new()
    {
        InstanceId = row.InstanceId,
        Name = row.Name,
        RuntimeStatus = row.Status,
        ExecutionId = row.ExecutionId,
        CreatedAt = row.CreatedAt,
        LastUpdatedAt = row.LastUpdatedAt,
        CompletedAt = row.CompletedAt,
        SerializedInput = withData ? await _payloads.ResolvePropertyAsync(row.Input, ct).ConfigureAwait(false) : null,
        SerializedOutput = withData ? await _payloads.ResolvePropertyAsync(row.Output, ct).ConfigureAwait(false) : null,
        SerializedCustomStatus = withData || includeCustomStatus ? await _payloads.ResolvePropertyAsync(row.CustomStatus, ct).ConfigureAwait(false) : null,
        FailureDetails = row.FailureJson is null ? null : EngineJson.Deserialize<TaskFailureDetails>(row.FailureJson),
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Scheduled orchestration {Name} as instance {InstanceId}")]
        public static partial void Scheduled(ILogger logger, string name, string instanceId);

        [LoggerMessage(2, LogLevel.Information, "Instance {InstanceId} already exists ({Status}); start skipped")]
        public static partial void StartSkipped(ILogger logger, string instanceId, OrchestrationRuntimeStatus status);
    }
}
