using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Logging;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// Publishes run lifecycle events as CloudEvents 1.0 through <see cref="EventGridPublisherClient"/> (key
/// authentication, header <c>aeg-sas-key</c>): type <c>VideoGen.Run.{Type}</c>, source <c>/videogen/{tenant}</c>,
/// subject <c>briefs/{briefId}/runs/{instanceId}</c>, data <see cref="RunLifecycleEventData"/> as JSON.
/// </summary>
/// <remarks>
/// The event id derives from instance, type and version, so an activity re-run after a crash publishes the same id
/// and subscribers can drop the duplicate.
/// </remarks>
public sealed partial class LifecycleEventPublisher
{
    /// <summary>Prefix of every event type.</summary>
    public const string TypePrefix = "VideoGen.Run.";

    private readonly EventGridPublisherClient _client;
    private readonly ILogger _logger;

    /// <summary>Creates the publisher.</summary>
    /// <param name="options">Endpoint, key and retries.</param>
    /// <param name="allowList">The endpoint must pass it.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="clientOptions">SDK options (e.g. a transport); default built from <paramref name="options"/>.</param>
    /// <exception cref="OutboundUrlRejectedException">The endpoint is not allow-listed.</exception>
    public LifecycleEventPublisher(LifecycleEventOptions options, OutboundAllowList allowList, ILogger<LifecycleEventPublisher> logger,
        EventGridPublisherClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(allowList);
        var endpoint = options.Endpoint ?? throw new ArgumentException("LifecycleEvents:Endpoint is required.", nameof(options));
        if (string.IsNullOrEmpty(options.AccessKey))
        {
            throw new ArgumentException("LifecycleEvents:AccessKey is required.", nameof(options));
        }

        allowList.Check(endpoint);
        if (clientOptions is null)
        {
            clientOptions = new EventGridPublisherClientOptions();
            clientOptions.Retry.Mode = RetryMode.Exponential;
            clientOptions.Retry.MaxRetries = options.MaxRetries;
            clientOptions.Retry.Delay = options.RetryDelay;
            clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
            clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
            clientOptions.Diagnostics.IsLoggingContentEnabled = false;
        }

        _client = new EventGridPublisherClient(endpoint, new AzureKeyCredential(options.AccessKey), clientOptions);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The CloudEvent for <paramref name="type"/> and <paramref name="data"/> (exposed for tests and local sinks).</summary>
    public static CloudEvent CreateEvent(LifecycleEventType type, RunLifecycleEventData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var payload = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(data, LifecycleJson.Default.RunLifecycleEventData));
        var typeName = TypePrefix + type;
        return new CloudEvent($"/videogen/{data.Tenant}", typeName, payload, "application/json", CloudEventDataFormat.Json)
        {
            Id = EventId(data.InstanceId, typeName, data.Version),
            Subject = $"briefs/{data.BriefId}/runs/{data.InstanceId}",
            Time = data.OccurredAt,
        };
    }

    /// <summary>Publishes one lifecycle event.</summary>
    /// <exception cref="LifecycleEventPublishException">Event Grid refused it or could not be reached after retries.</exception>
    public async Task PublishAsync(LifecycleEventType type, RunLifecycleEventData data, CancellationToken cancellationToken = default)
    {
        var cloudEvent = CreateEvent(type, data);
        try
        {
            await _client.SendEventAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw Failed(cloudEvent, ex.Status == 0 ? null : ex.Status, ex);
        }
        catch (AggregateException ex)
        {
            throw Failed(cloudEvent, null, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(cloudEvent, null, ex);
        }

        Log.Published(_logger, cloudEvent.Type, cloudEvent.Subject!, cloudEvent.Id);
    }

    private LifecycleEventPublishException Failed(CloudEvent cloudEvent, int? status, Exception ex)
    {
        Log.Failed(_logger, cloudEvent.Type, cloudEvent.Subject!, status, ex.GetType().Name);
        return new LifecycleEventPublishException(
            $"Could not publish {cloudEvent.Type} for {cloudEvent.Subject}: {(status is null ? "no response" : "HTTP " + status)}.", status, ex);
    }

    private static string EventId(string instanceId, string type, int version)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{instanceId}\n{type}\n{version}"));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }

    private static partial class Log
    {
        [LoggerMessage(70, LogLevel.Information, "Lifecycle event {Type} for {Subject} published (id {EventId})")]
        public static partial void Published(ILogger logger, string type, string subject, string eventId);

        [LoggerMessage(71, LogLevel.Error, "Lifecycle event {Type} for {Subject} not published: status {Status} ({Error})")]
        public static partial void Failed(ILogger logger, string type, string subject, int? status, string error);
    }
}
