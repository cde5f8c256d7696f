using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Accounting;
using VideoGen.Pipeline.Notifications;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>Hands the run its settings (an orchestrator cannot read configuration).</summary>
public sealed class LoadRunSettings(IOptions<RunSettings> settings) : TaskActivity<string?, RunSettings>
{
    /// <inheritdoc />
    public override Task<RunSettings> RunAsync(TaskActivityContext context, string? input) => Task.FromResult(settings.Value);
}

/// <summary>Appends one step to the run's audit trail (append-only; a retried append of the same step is a no-op).</summary>
public sealed class RecordAudit(AuditTrail trail) : TaskActivity<AuditInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, AuditInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var details = input.Details.ToDictionary(d => d.Key, d => d.Value.Length > 2000 ? d.Value[..2000] + "…" : d.Value);
        await trail.AppendAsync(new AuditRecord(TenantId.Parse(input.Tenant), input.InstanceId,
            $"{input.Sequence.ToString("D3", CultureInfo.InvariantCulture)}-{input.Step}", input.Actor, input.At, details), CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}

/// <summary>
/// Publishes a lifecycle CloudEvent through Event Grid. When no topic is configured (<c>Integrations:LifecycleEvents</c>)
/// it logs the event and returns false: lifecycle events are optional, and the audit trail has every step regardless.
/// </summary>
public sealed partial class EmitLifecycleEvent(IServiceProvider services, IOptions<VideoGenIntegrationsOptions> integrations, ILogger<EmitLifecycleEvent> logger)
    : TaskActivity<LifecycleInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, LifecycleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (integrations.Value.LifecycleEvents is null)
        {
            Log.NotConfigured(logger, input.Type.ToString(), input.InstanceId);
            return false;
        }

        var publisher = (LifecycleEventPublisher)services.GetService(typeof(LifecycleEventPublisher))!;
        var data = new RunLifecycleEventData(input.Tenant, input.BriefId, input.InstanceId, input.Version, input.At, input.Reason,
            null, input.Published?.VideoUrl, input.Published?.ManifestUrl);
        await publisher.PublishAsync(input.Type, data, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Information, "Lifecycle event {Type} of {InstanceId} not published: no Event Grid topic is configured")]
        public static partial void NotConfigured(ILogger logger, string type, string instanceId);
    }
}

/// <summary>
/// Notifies the brief's CMS callback (allow-listed, signed, idempotency key stable per run and version), with read-only
/// links to the published files (<see cref="PublishedLinks"/>).
/// </summary>
public sealed class NotifyCms(CmsCallbackNotifier notifier, PublishedLinks links) : TaskActivity<NotifyCmsInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, NotifyCmsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var at = new DateTimeOffset(input.PublishedAt, TimeSpan.Zero);
        CancellationToken ct = CancellationToken.None;
        IReadOnlyList<Uri> urls = await links.ReadLinksAsync(
            [input.Published.VideoUrl, input.Published.ThumbnailUrl, input.Published.ManifestUrl], at, ct).ConfigureAwait(false);
        var n = new CmsPublishedNotification(input.Run.Tenant, input.Run.BriefId, input.InstanceId, input.Version, urls[0], urls[1], urls[2], at);
        await notifier.NotifyPublishedAsync(new Uri(input.CallbackUrl), n, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}

/// <summary>Records the run's costs in the ledger (idempotent per step) and returns the summary.</summary>
public sealed class RecordCosts(CostLedger ledger, Azure.Storage.Blobs.BlobServiceClient blobs) : TaskActivity<CostInput, RunCost>
{
    /// <inheritdoc />
    public override async Task<RunCost> RunAsync(TaskActivityContext context, CostInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var tenant = TenantId.Parse(input.Run.Tenant);
        CancellationToken ct = CancellationToken.None;
        foreach (RenderResult render in input.Renders)
        {
            string tier = render.Tier.ToString().ToLowerInvariant();
            foreach (var chunk in render.Chunks)
            {
                await ledger.RecordAsync(new CostEntry(tenant, input.InstanceId, CostKind.GpuSeconds, $"render-{tier}-v{render.Version}", chunk.DeviceSeconds, chunk.ChunkIndex, tier), ct).ConfigureAwait(false);
            }
        }

        for (int i = 0; i < input.Encodes.Count; i++)
        {
            await ledger.RecordAsync(new CostEntry(tenant, input.InstanceId, CostKind.EncodeSeconds, $"encode-{i}", input.Encodes[i].EncodeSeconds), ct).ConfigureAwait(false);
        }

        // Storage: the published clip (its size as encoded), kept for a month.
        ClipArtifact final = input.Encodes[^1];
        long bytes = (await blobs.GetBlobContainerClient(final.Container).GetBlobClient(final.VideoBlob).GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value.ContentLength;
        await ledger.RecordAsync(new CostEntry(tenant, input.InstanceId, CostKind.StorageBytes, "published-video", bytes, Retention: TimeSpan.FromDays(30)), ct).ConfigureAwait(false);

        if (input.ReviewMinutes > 0)
        {
            await ledger.RecordAsync(new CostEntry(tenant, input.InstanceId, CostKind.ReviewMinutes, $"review-{input.Approval.Round}", input.ReviewMinutes), ct).ConfigureAwait(false);
        }

        CostSummary s = await ledger.SummarizeAsync(tenant, input.InstanceId, input.RenderedSeconds, ct).ConfigureAwait(false);
        Telemetry.PipelineMetrics.RecordRun(input.Run.Tenant, input.TimeToPreviewSeconds, (double)s.CostPerRenderedSecond,
            input.Renders.Select(r => (r.Tier.ToString().ToLowerInvariant(), r.Chunks.Sum(c => c.DeviceSeconds))));
        return new RunCost(s.Currency, s.Total, s.CostPerRenderedSecond, s.ByKind.ToDictionary(k => k.Key.ToString(), k => k.Value));
    }
}
