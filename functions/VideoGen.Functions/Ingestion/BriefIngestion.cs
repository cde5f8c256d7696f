using System.Text.Json;
using Azure.Storage.Blobs;
using VideoGen.Contracts;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Ingestion;

/// <summary>What ingestion did with one BlobCreated event.</summary>
public enum IngestionAction
{
    /// <summary>A new run was scheduled.</summary>
    Started,

    /// <summary>The run for this upload already exists (a redelivered event); nothing new started.</summary>
    AlreadyStarted,

    /// <summary>Not a brief upload (other container or file), or an upload path that names no tenant/brief.</summary>
    Ignored,
}

/// <summary>The outcome for one event.</summary>
/// <param name="Action">What was done.</param>
/// <param name="InstanceId">The run's instance id, when one was started or found.</param>
/// <param name="Reason">Why it was ignored, for the log line.</param>
public sealed record IngestionOutcome(IngestionAction Action, string? InstanceId, string? Reason);

/// <summary>
/// The one path every run starts through (Event Grid trigger, webhook, local watcher, <c>POST /api/briefs</c>): a
/// BlobCreated for <c>cms-uploads/{tenant}/{briefId}/brief.json</c> in this app's storage account schedules
/// <c>BriefToPublish</c> with an instance id derived from the blob URL and ETag, so a redelivery starts nothing new.
/// Everything else gets a log line. Validation of the brief itself happens in the run, which records rejections.
/// The <see cref="DurableTaskClient"/> comes with each call: the isolated function app receives one per invocation
/// (<c>[DurableClient]</c>), the local host has one in DI.
/// </summary>
public sealed partial class BriefIngestion(BlobServiceClient blobs, TimeProvider time, ILogger<BriefIngestion> logger)
{
    /// <summary>
    /// Handles every BlobCreated of one delivery (webhook or trigger), in order, and gives each other event type a
    /// log line; returns each BlobCreated with what was done with it.
    /// </summary>
    public async Task<IReadOnlyList<(BlobCreatedNotice Notice, IngestionOutcome Outcome)>> AcceptAllAsync(DurableTaskClient client, EventGridDeliveryContent content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var outcomes = new List<(BlobCreatedNotice, IngestionOutcome)>(content.BlobCreated.Count);
        foreach (BlobCreatedNotice notice in content.BlobCreated)
        {
            outcomes.Add((notice, await AcceptAsync(client, notice, ct).ConfigureAwait(false)));
        }

        foreach ((string id, string type) in content.Ignored)
        {
            Log.IgnoredType(logger, id, type);
        }

        return outcomes;
    }

    /// <summary>Handles one event, starting the run through <paramref name="client"/>.</summary>
    public async Task<IngestionOutcome> AcceptAsync(DurableTaskClient client, BlobCreatedNotice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(notice);
        var uri = new BlobUriBuilder(new Uri(notice.BlobUrl));
        if (!string.Equals(uri.AccountName, blobs.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            return Ignore(notice, $"blob is in storage account '{uri.AccountName}', not this app's '{blobs.AccountName}'");
        }

        if (uri.BlobContainerName != BlobLayout.CmsUploadsContainer)
        {
            return Ignore(notice, $"container '{uri.BlobContainerName}' is not {BlobLayout.CmsUploadsContainer}");
        }

        string path = uri.BlobName;
        if (!path.EndsWith("/" + BlobLayout.BriefFileName, StringComparison.Ordinal))
        {
            return Ignore(notice, $"'{path}' is not a {BlobLayout.BriefFileName} (images and other files are read by the run)");
        }

        TenantId tenant;
        string briefId;
        try
        {
            (tenant, briefId, _) = BlobLayout.ParseUploadPath(path);
        }
        catch (FormatException ex)
        {
            await RecordUnstartableAsync(path, ex.Message, ct).ConfigureAwait(false);
            return Ignore(notice, ex.Message);
        }

        string etag = notice.VersionKey;
        string instanceId = WorkflowNames.RunInstanceId(tenant, briefId, notice.BlobUrl, etag);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct).ConfigureAwait(false) is not null)
        {
            Log.Duplicate(logger, notice.EventId, instanceId);
            return new IngestionOutcome(IngestionAction.AlreadyStarted, instanceId, null);
        }

        var input = new BriefRunInput(tenant.Value, briefId, BlobLayout.CmsUploadsContainer, path, notice.BlobUrl, etag, time.GetUtcNow());
        try
        {
            // Start only if the id was never used; a concurrent delivery of the same event may have won the race.
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.BriefToPublish, input,
                new StartOrchestrationOptions(instanceId) { DedupeStatuses = AllStatuses }, ct).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct).ConfigureAwait(false) is null)
            {
                throw;
            }

            Log.Duplicate(logger, notice.EventId, instanceId);
            return new IngestionOutcome(IngestionAction.AlreadyStarted, instanceId, null);
        }

        Log.Started(logger, instanceId, path, notice.EventId);
        return new IngestionOutcome(IngestionAction.Started, instanceId, null);
    }

    /// <summary>Every runtime status: an instance id in any of them is taken.</summary>
    private static readonly IReadOnlyList<string> AllStatuses = Enum.GetNames<OrchestrationRuntimeStatus>();

    private IngestionOutcome Ignore(BlobCreatedNotice notice, string reason)
    {
        Log.Ignored(logger, notice.EventId, reason);
        return new IngestionOutcome(IngestionAction.Ignored, null, reason);
    }

    /// <summary>An upload whose path names no valid tenant or brief cannot start a run: say so beside it.</summary>
    private async Task RecordUnstartableAsync(string path, string reason, CancellationToken ct)
    {
        string body = JsonSerializer.Serialize(new { blobPath = path, code = "upload.path-invalid", reason, rejectedAt = time.GetUtcNow() });
        BlobClient blob = blobs.GetBlobContainerClient(BlobLayout.CmsUploadsContainer).GetBlobClient(path + ".rejected.json");
        await blob.UploadAsync(BinaryData.FromString(body), overwrite: true, ct).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Started run {InstanceId} for upload {Path} (event {EventId})")]
        public static partial void Started(ILogger logger, string instanceId, string path, string eventId);

        [LoggerMessage(101, LogLevel.Information, "Event {EventId} is a redelivery: run {InstanceId} already exists; nothing started")]
        public static partial void Duplicate(ILogger logger, string eventId, string instanceId);

        [LoggerMessage(102, LogLevel.Information, "Event {EventId} ignored: {Reason}")]
        public static partial void Ignored(ILogger logger, string eventId, string reason);

        [LoggerMessage(103, LogLevel.Information, "Event {EventId} of type {EventType} ignored: not a BlobCreated event")]
        public static partial void IgnoredType(ILogger logger, string eventId, string eventType);
    }
}
