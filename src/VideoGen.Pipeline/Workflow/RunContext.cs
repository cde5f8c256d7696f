using Microsoft.DurableTask;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Workflow;

/// <summary>
/// What <see cref="BriefToPublish"/> carries between its steps, and the small helpers every step uses: custom
/// status, the audit trail and lifecycle events. Deterministic: everything comes from the context or the history.
/// </summary>
internal sealed class RunContext(TaskOrchestrationContext context, BriefRunInput input)
{
    private int _auditSequence;

    public TaskOrchestrationContext Context { get; } = context;

    public BriefRunInput Input { get; } = input;

    /// <summary>The output version: 1, then one more per re-render.</summary>
    public int Version { get; set; } = 1;

    public string? Title { get; set; }

    public string? PreviewBlob { get; set; }

    public double? TimeToPreview { get; set; }

    /// <summary>Minutes reviewers took to decide, summed over the rounds a person decided (charged as review time).</summary>
    public double ReviewMinutes { get; set; }

    public void Status(string stage, int percent, string message, int chunksTotal = 0, string? round = null, IReadOnlyDictionary<string, string>? links = null, string? render = null) =>
        Context.SetCustomStatus(new RunStatus(stage, percent, 0, chunksTotal, message, null, TimeToPreview, null, round, links, PreviewBlob, Title, render));

    /// <summary>
    /// Retries for steps that read or write storage and may be run again (idempotent): a storage blip or a throttled
    /// request must not fail a run. A <see cref="RunFailedException"/> (the run's own verdict) is never retried.
    /// Steps that send mail or a card, or have their own retry loop (Content Safety, CMS callback), do not use it.
    /// </summary>
    public static readonly TaskOptions StorageRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(10))
        {
            HandleFailure = failure => !RunFailedException.IsIn(failure),
        });

    /// <summary>Appends a step to the audit trail; the sequence number makes a replayed or retried append a no-op.</summary>
    public Task AuditAsync(string step, params (string Key, string Value)[] details) =>
        Context.CallActivityAsync(nameof(RecordAudit), new AuditInput(Input.Tenant, Context.InstanceId, ++_auditSequence, step, "videogen",
            new DateTimeOffset(Context.CurrentUtcDateTime, TimeSpan.Zero), details.ToDictionary(d => d.Key, d => d.Value)), StorageRetry);

    /// <summary>Emits a lifecycle CloudEvent (a no-op activity when no Event Grid topic is configured).</summary>
    public Task LifecycleAsync(LifecycleEventType type, int version, string? reason, PublishedRun? published = null) =>
        Context.CallActivityAsync(nameof(EmitLifecycleEvent), new LifecycleInput(Input.Tenant, Input.BriefId, Context.InstanceId, type, version,
            new DateTimeOffset(Context.CurrentUtcDateTime, TimeSpan.Zero), reason, PreviewBlob, published));
}
