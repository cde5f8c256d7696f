using DurableTask.AzureStorage;
using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using CorePurgeFilter = DurableTask.Core.PurgeInstanceFilter;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace VideoGen.DurableHost;

/// <summary>
/// A Microsoft.DurableTask <see cref="DurableTaskClient"/> over the DTFx Azure Storage provider (no served package has
/// one). Messages are DTFx's own (<see cref="ExecutionStartedEvent"/>, <see cref="EventRaisedEvent"/>, suspend/resume),
/// payloads are the JSON of the shared <see cref="DataConverter"/>, so the worker's shims read them as they read the
/// Functions host's. Handlers take the abstract <see cref="DurableTaskClient"/>: in Azure the Durable extension's
/// client stands in its place.
/// </summary>
public sealed class DtfxDurableTaskClient(AzureStorageOrchestrationService service, DataConverter converter, DurableHostOptions options)
    : DurableTaskClient(options.HubName)
{
    private static readonly CoreStatus[] AnyStatus = Enum.GetValues<CoreStatus>();

    /// <inheritdoc />
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        var started = new ExecutionStartedEvent(-1, converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value),
        };
        CoreStatus[]? dedupe = options?.DedupeStatuses is { Count: > 0 } names
            ? [.. names.Select(n => Enum.TryParse(n, ignoreCase: true, out OrchestrationRuntimeStatus s) ? (CoreStatus)s : throw new ArgumentException($"Unknown status '{n}' in DedupeStatuses.", nameof(options)))]
            : null;
        await service.CreateTaskOrchestrationAsync(new TaskMessage { Event = started, OrchestrationInstance = instance }, dedupe).ConfigureAwait(false);
        return instanceId;
    }

    /// <summary>Every status: schedule with these as <see cref="StartOrchestrationOptions.DedupeStatuses"/> to start only if the id was never used.</summary>
    public static IReadOnlyList<string> AllStatuses { get; } = [.. AnyStatus.Select(s => s.ToString())];

    /// <inheritdoc />
    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        OrchestrationState state = await RequireAsync(instanceId).ConfigureAwait(false);
        await SendAsync(state, new EventRaisedEvent(-1, converter.Serialize(eventPayload)) { Name = eventName }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        await SendAsync(await RequireAsync(instanceId).ConfigureAwait(false), new ExecutionSuspendedEvent(-1, reason)).ConfigureAwait(false);

    /// <inheritdoc />
    public override async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        await SendAsync(await RequireAsync(instanceId).ConfigureAwait(false), new ExecutionResumedEvent(-1, reason)).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>
    /// With <see cref="TerminateInstanceOptions.Recursive"/>, the sub-orchestrations the instance created (read from its
    /// history) that are still running are terminated too, depth first, as the Durable extension does.
    /// </remarks>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        await RequireAsync(instanceId).ConfigureAwait(false);
        string? reason = options?.Output is { } o ? (o as string ?? converter.Serialize(o)) : null;
        if (options?.Recursive == true)
        {
            foreach (string child in (await GetOrchestrationHistoryAsync(instanceId, cancellation).ConfigureAwait(false))
                .OfType<SubOrchestrationInstanceCreatedEvent>().Select(e => e.InstanceId).Distinct(StringComparer.Ordinal))
            {
                if (await GetInstancesAsync(child, getInputsAndOutputs: false, cancellation).ConfigureAwait(false) is { IsCompleted: false })
                {
                    await TerminateInstanceAsync(child, options, cancellation).ConfigureAwait(false);
                }
            }
        }

        await service.ForceTerminateTaskOrchestrationAsync(instanceId, reason).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        IList<OrchestrationState> states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs).ConfigureAwait(false);
        return states.FirstOrDefault(s => s is not null) is { } state ? ToMetadata(state, getInputsAndOutputs) : null;
    }

    /// <inheritdoc />
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create(async (string? continuation, int? pageSize, CancellationToken ct) =>
        {
            var condition = new OrchestrationInstanceStatusQueryCondition
            {
                RuntimeStatus = filter?.Statuses?.Select(s => (CoreStatus)s).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime ?? default,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime ?? default,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                FetchInput = filter?.FetchInputsAndOutputs ?? false,
                FetchOutput = filter?.FetchInputsAndOutputs ?? false,
            };
            var result = await service.GetOrchestrationStateAsync(
                condition, pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize, continuation ?? filter?.ContinuationToken, ct).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>(
                [.. result.OrchestrationState.Select(s => ToMetadata(s, condition.FetchInput))],
                string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });

    /// <inheritdoc />
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        global::DurableTask.Core.PurgeResult r = await ((IOrchestrationServicePurgeClient)service).PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(r.DeletedInstanceCount);
    }

    /// <inheritdoc />
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var core = new CorePurgeFilter(filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue, filter.CreatedTo?.UtcDateTime, filter.Statuses?.Select(s => (CoreStatus)s));
        global::DurableTask.Core.PurgeResult r = await ((IOrchestrationServicePurgeClient)service).PurgeInstanceStateAsync(core).ConfigureAwait(false);
        return new PurgeResult(r.DeletedInstanceCount);
    }

    /// <inheritdoc />
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        OrchestrationState state = await RequireAsync(instanceId).ConfigureAwait(false);
        string json = await service.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance.ExecutionId).ConfigureAwait(false);
        return ParseHistory(json);
    }

    /// <summary>
    /// The provider returns history as a JSON array of events without type names; each event's <c>EventType</c>
    /// names its class (<c>TaskScheduled</c> → <see cref="TaskScheduledEvent"/>).
    /// </summary>
    internal static List<HistoryEvent> ParseHistory(string json)
    {
        var events = new List<HistoryEvent>();
        foreach (Newtonsoft.Json.Linq.JObject o in Newtonsoft.Json.Linq.JArray.Parse(json).OfType<Newtonsoft.Json.Linq.JObject>())
        {
            Newtonsoft.Json.Linq.JToken? kind = o["EventType"];
            EventType type = kind?.Type == Newtonsoft.Json.Linq.JTokenType.Integer ? (EventType)(int)kind : Enum.Parse<EventType>((string?)kind ?? "GenericEvent");
            Type clr = typeof(HistoryEvent).Assembly.GetType($"{typeof(HistoryEvent).Namespace}.{type}Event")
                ?? typeof(HistoryEvent).Assembly.GetType($"{typeof(HistoryEvent).Namespace}.{type}")
                ?? typeof(GenericEvent);
            if (o.ToObject(clr) is HistoryEvent e)
            {
                events.Add(e);
            }
        }

        return events;
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<OrchestrationState> RequireAsync(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        IList<OrchestrationState> states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: false).ConfigureAwait(false);
        return states.FirstOrDefault(s => s is not null)
            ?? throw new ArgumentException($"No orchestration instance '{instanceId}' exists in task hub {Name}.", nameof(instanceId));
    }

    private Task SendAsync(OrchestrationState state, HistoryEvent e) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            Event = e,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = state.OrchestrationInstance.InstanceId, ExecutionId = state.OrchestrationInstance.ExecutionId },
        });

    private async Task<OrchestrationMetadata> PollAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken ct)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, ct).ConfigureAwait(false) is { } m && done(m))
            {
                return m;
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 1000));
        }
    }

    private OrchestrationMetadata ToMetadata(OrchestrationState s, bool withPayloads) => new(s.Name, s.OrchestrationInstance.InstanceId)
    {
        RuntimeStatus = (OrchestrationRuntimeStatus)s.OrchestrationStatus,
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(s.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(s.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = withPayloads ? s.Input : null,
        SerializedOutput = withPayloads && s.OrchestrationStatus != CoreStatus.Failed ? s.Output : null,
        SerializedCustomStatus = s.Status,
        FailureDetails = ToDetails(s.FailureDetails) ?? FailureFromOutput(s),
        Tags = s.Tags is { } tags ? tags.ToDictionary(t => t.Key, t => t.Value) : new Dictionary<string, string>(),
        DataConverter = converter,
    };

    /// <summary>
    /// The instances table keeps a failed instance's failure as its output text, <c>{ErrorType}: {ErrorMessage}</c>
    /// (the failure details' own text form), not as details: read them back from it.
    /// </summary>
    private static TaskFailureDetails? FailureFromOutput(OrchestrationState s)
    {
        if (s.OrchestrationStatus != CoreStatus.Failed || string.IsNullOrEmpty(s.Output))
        {
            return null;
        }

        string text = s.Output.Length > 1 && s.Output[0] == '"' ? (Newtonsoft.Json.JsonConvert.DeserializeObject<string>(s.Output) ?? s.Output) : s.Output;
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal)
            ? new TaskFailureDetails(text[..colon], text[(colon + 2)..], null, null, null)
            : new TaskFailureDetails("Unknown", text, null, null, null);
    }

    private static TaskFailureDetails? ToDetails(FailureDetails? f) =>
        f is null ? null : new TaskFailureDetails(f.ErrorType, f.ErrorMessage, f.StackTrace, ToDetails(f.InnerFailure), null);
}
