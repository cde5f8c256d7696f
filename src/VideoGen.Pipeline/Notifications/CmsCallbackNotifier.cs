using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// Tells a tenant's CMS that a video was published: POSTs JSON
/// <c>{event, tenant, briefId, instanceId, version, videoUrl, thumbnailUrl, manifestUrl, publishedAt}</c> to the
/// brief's callback URL, signed (<see cref="CmsCallbackSignature"/>) and carrying an <c>Idempotency-Key</c> that is the
/// same for every attempt and every re-run of one instance and version (<see cref="IdempotencyKey"/>).
/// </summary>
/// <remarks>
/// The URL must pass the <see cref="OutboundAllowList"/> before anything is sent. Network errors, attempt timeouts,
/// 408, 429 and 5xx are retried per <see cref="CmsCallbackOptions.Retry"/>; any other non-2xx (redirects included,
/// they are never followed) fails at once. Logs name the host only; the secret and the URL's path and query are never logged.
/// </remarks>
public sealed partial class CmsCallbackNotifier : IDisposable
{
    /// <summary>The <c>event</c> value of a publish callback.</summary>
    public const string PublishedEvent = "video.published";

    /// <summary>Header carrying the idempotency key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly CmsCallbackOptions _options;
    private readonly OutboundAllowList _allowList;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    /// <summary>Creates the notifier.</summary>
    /// <param name="options">Secret and retry policy.</param>
    /// <param name="allowList">Allow-list every callback URL must pass.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="handler">HTTP handler; default one that never follows redirects.</param>
    /// <param name="time">Clock for timestamps and back-off; default the system clock.</param>
    public CmsCallbackNotifier(CmsCallbackOptions options, OutboundAllowList allowList, ILogger<CmsCallbackNotifier> logger,
        HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrEmpty(options.SigningSecret) || options.SigningSecret.Length < 32)
        {
            throw new ArgumentException("CmsCallback:SigningSecret must be at least 32 characters.", nameof(options));
        }

        _allowList = allowList ?? throw new ArgumentNullException(nameof(allowList));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
        _http = RetryingHttpSender.CreateClient(handler);
    }

    /// <summary>The idempotency key of one instance and version: stable across retries, hosts and re-runs.</summary>
    public static string IdempotencyKey(string tenant, string instanceId, int version)
    {
        var material = $"videogen-cms-callback\n{tenant}\n{instanceId}\n{version.ToString(CultureInfo.InvariantCulture)}";
        return "vg-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..40];
    }

    /// <summary>Posts the publish callback, retrying as configured.</summary>
    /// <exception cref="OutboundUrlRejectedException">The callback URL is not allow-listed; nothing was sent.</exception>
    /// <exception cref="CmsCallbackFailedException">The CMS refused the callback or retries ran out.</exception>
    public async Task NotifyPublishedAsync(Uri callbackUrl, CmsPublishedNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callbackUrl);
        ArgumentNullException.ThrowIfNull(notification);
        _allowList.Check(callbackUrl);

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new CmsCallbackBody(PublishedEvent, notification.Tenant, notification.BriefId, notification.InstanceId, notification.Version,
                notification.VideoUrl, notification.ThumbnailUrl, notification.ManifestUrl, notification.PublishedAt),
            CmsCallbackJson.Default.CmsCallbackBody);
        var key = IdempotencyKey(notification.Tenant, notification.InstanceId, notification.Version);
        var host = callbackUrl.IdnHost;
        Log.Sending(_logger, host, notification.InstanceId, notification.Version, key);

        var outcome = await RetryingHttpSender.SendAsync(_http, () => Build(callbackUrl, body, key), _options.Retry, _time, _logger, host,
            cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            throw new CmsCallbackFailedException(host, outcome.Attempts, outcome.LastStatus, outcome.LastError, outcome.GaveUpRetrying);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Build(Uri url, byte[] body, string key)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdempotencyKeyHeader, key);
        request.Headers.Add(CmsCallbackSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(CmsCallbackSignature.SignatureHeader, CmsCallbackSignature.Compute(_options.SigningSecret!, timestamp, body));
        return request;
    }

    private static partial class Log
    {
        [LoggerMessage(50, LogLevel.Information, "CMS callback to {Host} for instance {InstanceId} version {Version} (idempotency key {IdempotencyKey})")]
        public static partial void Sending(ILogger logger, string host, string instanceId, int version, string idempotencyKey);
    }
}
