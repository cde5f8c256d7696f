using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// Posts review cards (<see cref="AdaptiveCardBuilder"/>) to a Teams workflow webhook URL. The URL must pass the
/// <see cref="OutboundAllowList"/> (typically <c>*.logic.azure.com</c> / <c>*.powerplatform.com</c>); it carries a
/// signature in its query and is treated as a secret: only its host is ever logged. 408, 429 (Retry-After honoured)
/// and 5xx are retried per <see cref="TeamsOptions.Retry"/>.
/// </summary>
public sealed partial class TeamsWorkflowClient : IDisposable
{
    private readonly TeamsOptions _options;
    private readonly OutboundAllowList _allowList;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    /// <summary>Creates the client.</summary>
    /// <param name="options">Retry policy and size limit.</param>
    /// <param name="allowList">Allow-list every workflow URL must pass.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="handler">HTTP handler; default one that never follows redirects.</param>
    /// <param name="time">Clock for back-off; default the system clock.</param>
    public TeamsWorkflowClient(TeamsOptions options, OutboundAllowList allowList, ILogger<TeamsWorkflowClient> logger,
        HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _allowList = allowList ?? throw new ArgumentNullException(nameof(allowList));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
        _http = RetryingHttpSender.CreateClient(handler);
    }

    /// <summary>Posts the review card for a brief.</summary>
    /// <exception cref="OutboundUrlRejectedException">The workflow URL is not allow-listed; nothing was sent.</exception>
    /// <exception cref="TeamsNotificationException">Teams refused the message, it was too large, or retries ran out.</exception>
    public async Task PostReviewCardAsync(Uri workflowUrl, TeamsReviewCard card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowUrl);
        _allowList.Check(workflowUrl);
        var body = Encoding.UTF8.GetBytes(AdaptiveCardBuilder.Build(card).ToJsonString());
        var host = workflowUrl.IdnHost;
        if (body.Length > _options.MaxMessageBytes)
        {
            throw new TeamsNotificationException(host, 0, null,
                $"the message is {body.Length} bytes, over the limit of {_options.MaxMessageBytes}", retriesExhausted: false);
        }

        Log.Posting(_logger, host, card.BriefId);
        var outcome = await RetryingHttpSender.SendAsync(_http, () => Build(workflowUrl, body), _options.Retry, _time, _logger, host,
            cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            throw new TeamsNotificationException(host, outcome.Attempts, outcome.LastStatus, outcome.LastError, outcome.GaveUpRetrying);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage Build(Uri url, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return request;
    }

    private static partial class Log
    {
        [LoggerMessage(80, LogLevel.Information, "Posting the Teams review card for brief {BriefId} to {Host}")]
        public static partial void Posting(ILogger logger, string host, string briefId);
    }
}
