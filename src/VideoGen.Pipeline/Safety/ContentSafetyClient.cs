using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Safety;

/// <summary>
/// Typed client of the Azure AI Content Safety REST API (<c>text:analyze</c>, <c>image:analyze</c>, version
/// <see cref="ContentSafetyOptions.ApiVersion"/>) on Azure.Core's <see cref="HttpPipeline"/>: retries with exponential
/// back-off on network errors, timeouts, 408, 429 and 5xx (honouring Retry-After), key or Entra authentication.
/// </summary>
/// <remarks>
/// Failures are typed: <see cref="ContentSafetyUnavailableException"/> when the service cannot answer (callers fail
/// closed), <see cref="ContentSafetyRequestException"/> for a 4xx contract error, <see cref="ContentSafetyInputException"/>
/// for input refused before sending. The key is sent only in its header and never logged.
/// </remarks>
public sealed partial class ContentSafetyClient
{
    /// <summary>Entra scope requested with a <see cref="TokenCredential"/>.</summary>
    public const string TokenScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>Header that carries the resource key.</summary>
    public const string KeyHeader = "Ocp-Apim-Subscription-Key";

    private const string OutputType = "FourSeverityLevels";

    private readonly HttpPipeline _pipeline;
    private readonly ContentSafetyOptions _options;
    private readonly string _endpoint;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    /// <param name="options">Endpoint, credential and limits.</param>
    /// <param name="allowList">Outbound allow-list the endpoint must pass.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="clientOptions">Azure.Core options (e.g. a custom transport); default built from <paramref name="options"/>.</param>
    /// <exception cref="OutboundUrlRejectedException">The endpoint is not allow-listed.</exception>
    /// <exception cref="ArgumentException">Neither or both of a key and a credential are set.</exception>
    public ContentSafetyClient(ContentSafetyOptions options, OutboundAllowList allowList, ILogger<ContentSafetyClient> logger,
        ContentSafetyClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(allowList);
        ArgumentNullException.ThrowIfNull(logger);
        var endpoint = options.Endpoint ?? throw new ArgumentException("ContentSafety:Endpoint is required.", nameof(options));
        allowList.Check(endpoint);
        if (string.IsNullOrEmpty(options.ApiKey) == (options.Credential is null))
        {
            throw new ArgumentException("Set exactly one of ContentSafety:ApiKey and ContentSafety:Credential.", nameof(options));
        }

        HttpPipelinePolicy auth = options.Credential is not null
            ? new BearerTokenAuthenticationPolicy(options.Credential, TokenScope)
            : new KeyHeaderPolicy(new AzureKeyCredential(options.ApiKey!));
        _pipeline = HttpPipelineBuilder.Build(clientOptions ?? new ContentSafetyClientOptions(options), auth);
        _options = options;
        _endpoint = endpoint.AbsoluteUri.TrimEnd('/');
        _logger = logger;
    }

    /// <summary>
    /// Analyses <paramref name="text"/> against the configured categories and blocklists. Text over
    /// <see cref="TextChunker.MaxChars"/> is split into overlapping pieces; the result holds the maximum severity per
    /// category and every blocklist match (once each).
    /// </summary>
    public async Task<TextAnalysisResult> AnalyzeTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new ContentSafetyInputException("The text to analyse is empty.");
        }

        var pieces = TextChunker.Split(text);
        var severities = new Dictionary<string, int>(StringComparer.Ordinal);
        var matches = new List<BlocklistMatch>();
        foreach (var piece in pieces)
        {
            var body = new TextAnalyzeBody(piece, NullIfEmpty(_options.Categories), NullIfEmpty(_options.BlocklistNames),
                _options.BlocklistNames.Count > 0 ? _options.HaltOnBlocklistHit : null, OutputType);
            var response = await SendAsync("text:analyze",
                JsonSerializer.SerializeToUtf8Bytes(body, ContentSafetyJson.Default.TextAnalyzeBody), cancellationToken).ConfigureAwait(false);
            Merge(severities, response);
            foreach (var m in response.BlocklistsMatch ?? [])
            {
                var match = new BlocklistMatch(m.BlocklistName ?? string.Empty, m.BlocklistItemId ?? string.Empty, m.BlocklistItemText ?? string.Empty);
                if (!matches.Contains(match))
                {
                    matches.Add(match);
                }
            }
        }

        Log.TextAnalyzed(_logger, text.Length, pieces.Count, matches.Count);
        return new TextAnalysisResult(ToList(severities), matches);
    }

    /// <summary>Analyses one JPEG or PNG image against the configured categories.</summary>
    /// <exception cref="ContentSafetyInputException">The image breaks <see cref="ImageLimits"/>; nothing was sent.</exception>
    public async Task<ImageAnalysisResult> AnalyzeImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default)
    {
        ImageLimits.Check(image.Span);
        var body = new ImageAnalyzeBody(new ImageData(Convert.ToBase64String(image.Span)), NullIfEmpty(_options.Categories), OutputType);
        var response = await SendAsync("image:analyze",
            JsonSerializer.SerializeToUtf8Bytes(body, ContentSafetyJson.Default.ImageAnalyzeBody), cancellationToken).ConfigureAwait(false);
        var severities = new Dictionary<string, int>(StringComparer.Ordinal);
        Merge(severities, response);
        Log.ImageAnalyzed(_logger, image.Length);
        return new ImageAnalysisResult(ToList(severities));
    }

    private async Task<AnalyzeResponse> SendAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.BufferResponse = false;
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri($"{_endpoint}/contentsafety/{operation}?api-version={Uri.EscapeDataString(_options.ApiVersion)}"));
        request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
        request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        request.Content = RequestContent.Create(body);

        byte[] payload;
        int status;
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            status = message.Response.Status;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.NetworkTimeout);
            payload = await BoundedRead.ReadAsync(message.Response.ContentStream, _options.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ResponseTooLargeException ex)
        {
            throw Unavailable(operation, $"the response exceeded {ex.Limit} bytes", message.Response.Status, ex);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or OperationCanceledException or IOException or HttpRequestException)
        {
            throw Unavailable(operation, $"no answer after {_options.MaxRetries + 1} attempts ({ex.GetType().Name})", null, ex);
        }

        if (status is >= 200 and < 300)
        {
            try
            {
                return JsonSerializer.Deserialize(payload, ContentSafetyJson.Default.AnalyzeResponse)
                    ?? throw Unavailable(operation, "the response body was null", status, null);
            }
            catch (JsonException ex)
            {
                throw Unavailable(operation, "the response was not the documented JSON", status, ex);
            }
        }

        if (status is 408 or 429 or >= 500)
        {
            throw Unavailable(operation, $"HTTP {status} after {_options.MaxRetries + 1} attempts", status, null);
        }

        var error = TryParseError(payload);
        Log.Refused(_logger, operation, status, error?.Code);
        throw new ContentSafetyRequestException(status, error?.Code, error?.Message);
    }

    private ContentSafetyUnavailableException Unavailable(string operation, string why, int? status, Exception? inner)
    {
        Log.Unavailable(_logger, operation, why);
        return new ContentSafetyUnavailableException($"Content Safety {operation} is unavailable: {why}.", status, inner);
    }

    private static WireError? TryParseError(byte[] payload)
    {
        try
        {
            return payload.Length == 0 ? null : JsonSerializer.Deserialize(payload, ContentSafetyJson.Default.ErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Merge(Dictionary<string, int> severities, AnalyzeResponse response)
    {
        foreach (var c in response.CategoriesAnalysis ?? [])
        {
            if (c.Category is null || c.Severity is null)
            {
                throw new ContentSafetyUnavailableException("Content Safety answered a category analysis without category or severity.");
            }

            severities[c.Category] = Math.Max(severities.GetValueOrDefault(c.Category), c.Severity.Value);
        }
    }

    private static IReadOnlyList<CategorySeverity> ToList(Dictionary<string, int> severities) =>
        severities.Select(kv => new CategorySeverity(kv.Key, kv.Value)).OrderBy(c => c.Category, StringComparer.Ordinal).ToList();

    private static IReadOnlyList<string>? NullIfEmpty(IList<string> list) => list.Count == 0 ? null : list.ToList();

    // Adds the resource key on every attempt; reads the credential each time so a rotated key (Update) applies at once.
    private sealed class KeyHeaderPolicy(AzureKeyCredential key) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue(KeyHeader, key.Key);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Content Safety text analysed: {Length} characters in {Pieces} request(s), {Matches} blocklist match(es)")]
        public static partial void TextAnalyzed(ILogger logger, int length, int pieces, int matches);

        [LoggerMessage(2, LogLevel.Debug, "Content Safety image analysed: {Bytes} bytes")]
        public static partial void ImageAnalyzed(ILogger logger, int bytes);

        [LoggerMessage(3, LogLevel.Warning, "Content Safety {Operation} unavailable: {Reason}")]
        public static partial void Unavailable(ILogger logger, string operation, string reason);

        [LoggerMessage(4, LogLevel.Error, "Content Safety {Operation} refused the request: HTTP {Status}, code {Code}")]
        public static partial void Refused(ILogger logger, string operation, int status, string? code);
    }
}
