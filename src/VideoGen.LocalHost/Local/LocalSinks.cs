using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using VideoGen.Functions.Api;
using VideoGen.Functions.Ingestion;
using VideoGen.Pipeline.Notifications;

namespace VideoGen.LocalHost.Local;

/// <summary>
/// Local mode only: receivers that stand in for a CMS webhook and an Event Grid topic, so a local run exercises the
/// real clients end to end. <c>POST /api/local/cms-callback</c> verifies the HMAC signature like a CMS would and keeps
/// one record per idempotency key; <c>POST /api/local/events</c> takes CloudEvents batches (checking the
/// <c>aeg-sas-key</c>). Both write what they accepted to the <c>local-sinks</c> container and log a line.
/// They are not mapped under a Functions host.
/// </summary>
public static partial class LocalSinks
{
    /// <summary>The container the sinks write to.</summary>
    public const string Container = "local-sinks";

    /// <summary>The local CMS callback URL path.</summary>
    public const string CmsPath = "/api/local/cms-callback";

    /// <summary>The local Event Grid topic path.</summary>
    public const string EventsPath = "/api/local/events";

    /// <summary>Maps the sinks.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(CmsPath, (HttpContext c, BlobServiceClient blobs, IOptions<VideoGenIntegrationsOptions> integrations, ILoggerFactory logs) => ApiErrors.Guard(async () =>
        {
            BinaryData body = await BodyReader.ReadAsync(c, 64 * 1024, "cms.too-large").ConfigureAwait(false);
            string secret = integrations.Value.CmsCallback?.SigningSecret
                ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, "cms.not-configured", "Integrations:CmsCallback:SigningSecret is not set, so signatures cannot be checked.");
            if (!CmsCallbackSignature.Verify(secret, c.Request.Headers["X-VideoGen-Timestamp"].FirstOrDefault(), c.Request.Headers["X-VideoGen-Signature"].FirstOrDefault(), body.ToMemory().Span, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))
            {
                throw new ApiException(StatusCodes.Status401Unauthorized, "cms.bad-signature", "The X-VideoGen-Signature does not match the body and timestamp.");
            }

            string key = c.Request.Headers["Idempotency-Key"].FirstOrDefault() is { Length: > 0 and <= 200 } k
                ? k : throw new ApiException(StatusCodes.Status400BadRequest, "cms.no-idempotency-key", "Idempotency-Key is required.");
            BlobContainerClient container = blobs.GetBlobContainerClient(Container);
            await container.CreateIfNotExistsAsync(cancellationToken: c.RequestAborted).ConfigureAwait(false);
            string name = $"cms/{Sanitize(key)}.json";
            bool first = !(await container.GetBlobClient(name).ExistsAsync(c.RequestAborted).ConfigureAwait(false)).Value;
            await container.GetBlobClient(name).UploadAsync(body, overwrite: true, c.RequestAborted).ConfigureAwait(false);
            using JsonDocument doc = JsonDocument.Parse(body.ToMemory());
            Log.Cms(logs.CreateLogger(nameof(LocalSinks)), key, first ? "new" : "duplicate", doc.RootElement.GetProperty("videoUrl").GetString() ?? "");
            return Results.Ok(new { received = key, duplicate = !first });
        }));

        app.MapPost(EventsPath, (HttpContext c, BlobServiceClient blobs, IOptions<VideoGenIntegrationsOptions> integrations, ILoggerFactory logs) => ApiErrors.Guard(async () =>
        {
            string? expected = integrations.Value.LifecycleEvents?.AccessKey;
            if (string.IsNullOrEmpty(expected) || !string.Equals(c.Request.Headers["aeg-sas-key"].FirstOrDefault(), expected, StringComparison.Ordinal))
            {
                throw new ApiException(StatusCodes.Status401Unauthorized, "events.bad-key", "aeg-sas-key is missing or wrong.");
            }

            BinaryData body = await BodyReader.ReadAsync(c, EventGridDelivery.MaxBodyBytes, "events.too-large").ConfigureAwait(false);
            Azure.Messaging.CloudEvent[] events = Azure.Messaging.CloudEvent.ParseMany(body);
            BlobContainerClient container = blobs.GetBlobContainerClient(Container);
            await container.CreateIfNotExistsAsync(cancellationToken: c.RequestAborted).ConfigureAwait(false);
            foreach (Azure.Messaging.CloudEvent e in events)
            {
                await container.GetBlobClient($"events/{Sanitize(e.Subject ?? "none")}/{Sanitize(e.Id)}.json")
                    .UploadAsync(BinaryData.FromObjectAsJson(new { e.Id, e.Type, e.Source, e.Subject, e.Time, data = e.Data?.ToString() }), overwrite: true, c.RequestAborted).ConfigureAwait(false);
                Log.Event(logs.CreateLogger(nameof(LocalSinks)), e.Type, e.Subject ?? "");
            }

            return Results.Ok();
        }));
    }

    private static string Sanitize(string s) => string.Concat(s.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_'));

    private static partial class Log
    {
        [LoggerMessage(160, LogLevel.Information, "Local CMS sink: notification {Key} ({Kind}) for {VideoUrl}")]
        public static partial void Cms(ILogger logger, string key, string kind, string videoUrl);

        [LoggerMessage(161, LogLevel.Information, "Local Event Grid sink: {Type} {Subject}")]
        public static partial void Event(ILogger logger, string type, string subject);
    }
}
