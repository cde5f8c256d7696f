using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Entities;

namespace VideoGen.DurableHost;

/// <summary>
/// The Azure Storage provider as <see cref="TaskHubWorker"/> sees it, with one change: the number of dispatch loops.
/// </summary>
/// <remarks>
/// <para>
/// DTFx's <see cref="TaskHubWorker"/> starts <see cref="IOrchestrationService.TaskActivityDispatcherCount"/> fetch
/// loops for activities and <see cref="IOrchestrationService.TaskOrchestrationDispatcherCount"/> for orchestrations;
/// each loop awaits one fetch at a time and then hands the work item off. The Azure Storage provider answers 1 for both
/// ("until a customer workload requires more") and its activity fetch takes one work-item message per queue request.
/// This decorator reports <see cref="DurableHostOptions.ActivityDispatcherCount"/> and
/// <see cref="DurableHostOptions.OrchestrationDispatcherCount"/> instead and forwards every call unchanged, so the
/// provider's own guarantees (message visibility and lock renewal, checkpoints, partition and session ownership, poison
/// handling, entity support) are untouched: more loops only mean more fetches in flight, each still bounded by the
/// concurrency limits. On Azurite two activity loops made a 200-activity fan-out 1.2–2× as fast (results come back in
/// bursts, so the orchestration checkpoints about ten of them per episode instead of two, and each activity costs 5.5
/// storage requests instead of 7.1); bench/README.md has the figures.
/// </para>
/// <para>
/// The cost is idle polling: each activity loop polls the work-item queue on its own back-off, so an idle host makes
/// about <c>ActivityDispatcherCount / maxQueuePollingInterval</c> work-item polls per second.
/// </para>
/// </remarks>
internal sealed class DispatcherTuningService(AzureStorageOrchestrationService inner, int activityDispatchers, int orchestrationDispatchers)
    : IOrchestrationService, IOrchestrationServiceClient, IEntityOrchestrationService
{
    private readonly IOrchestrationService _service = inner;
    private readonly IOrchestrationServiceClient _client = inner;
    private readonly IEntityOrchestrationService _entities = inner;

    /// <summary>The decorated provider.</summary>
    public AzureStorageOrchestrationService Inner { get; } = inner;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount { get; } = activityDispatchers > 0 ? activityDispatchers : inner.TaskActivityDispatcherCount;

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount { get; } = orchestrationDispatchers > 0 ? orchestrationDispatchers : inner.TaskOrchestrationDispatcherCount;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => _service.MaxConcurrentTaskOrchestrationWorkItems;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => _service.MaxConcurrentTaskActivityWorkItems;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => _service.EventBehaviourForContinueAsNew;

    // IOrchestrationService: everything but the dispatcher counts is forwarded as is.

    /// <inheritdoc />
    public Task StartAsync() => _service.StartAsync();

    /// <inheritdoc />
    public Task StopAsync() => _service.StopAsync();

    /// <inheritdoc />
    public Task StopAsync(bool isForced) => _service.StopAsync(isForced);

    /// <inheritdoc />
    public Task CreateAsync() => _service.CreateAsync();

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore) => _service.CreateAsync(recreateInstanceStore);

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync() => _service.CreateIfNotExistsAsync();

    /// <inheritdoc />
    public Task DeleteAsync() => _service.DeleteAsync();

    /// <inheritdoc />
    public Task DeleteAsync(bool deleteInstanceStore) => _service.DeleteAsync(deleteInstanceStore);

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        _service.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => _service.GetDelayInSecondsAfterOnProcessException(exception);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => _service.GetDelayInSecondsAfterOnFetchException(exception);

    /// <inheritdoc />
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        _service.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => _service.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        _service.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    /// <inheritdoc />
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _service.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _service.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        _service.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => _service.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        _service.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    /// <inheritdoc />
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => _service.AbandonTaskActivityWorkItemAsync(workItem);

    // IOrchestrationServiceClient: forwarded as is.

    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => _client.CreateTaskOrchestrationAsync(creationMessage);

    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) =>
        _client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => _client.SendTaskOrchestrationMessageAsync(message);

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => _client.SendTaskOrchestrationMessageBatchAsync(messages);

    /// <inheritdoc />
    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        _client.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    /// <inheritdoc />
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => _client.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    /// <inheritdoc />
    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
        _client.GetOrchestrationStateAsync(instanceId, allExecutions);

    /// <inheritdoc />
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) =>
        _client.GetOrchestrationStateAsync(instanceId, executionId);

    /// <inheritdoc />
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => _client.GetOrchestrationHistoryAsync(instanceId, executionId);

    /// <inheritdoc />
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        _client.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    // IEntityOrchestrationService: forwarded, so the dispatchers see the provider's entity support exactly as before.

    /// <inheritdoc />
    public EntityBackendProperties? EntityBackendProperties => _entities.EntityBackendProperties;

    /// <inheritdoc />
    public EntityBackendQueries? EntityBackendQueries => _entities.EntityBackendQueries;

    /// <inheritdoc />
    public Task<TaskOrchestrationWorkItem> LockNextOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        _entities.LockNextOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public Task<TaskOrchestrationWorkItem> LockNextEntityWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        _entities.LockNextEntityWorkItemAsync(receiveTimeout, cancellationToken);
}
