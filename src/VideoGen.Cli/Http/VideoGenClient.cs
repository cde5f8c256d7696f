using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using VideoGen.Cli.Briefs;

namespace VideoGen.Cli.Http;

/// <summary>
/// The function app's HTTP API (the Durable Functions built-in HTTP API plus <c>POST /api/briefs</c>).
/// Every failure becomes a <see cref="CliException"/> whose message names the endpoint or the instance.
/// </summary>
internal sealed class VideoGenClient : IDisposable
{
    /// <summary>Largest response body read.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    // The function app serves the API under the Functions host's api/ prefix (the host keeps /runtime/webhooks for itself).
    private const string InstancesPath = "api/durabletask/instances";
    private const string ContinuationHeader = "x-ms-continuation-token";
    private const string PolicyPath = "api/policy";
    private readonly HttpClient _http;
    private readonly string _endpoint;
    private readonly bool _hasKey;

    public VideoGenClient(Uri endpoint, string? key, HttpMessageHandler? handler)
    {
        _endpoint = endpoint.ToString().TrimEnd('/');
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = new Uri(_endpoint + "/");
        _http.Timeout = TimeSpan.FromSeconds(100);
        _hasKey = !string.IsNullOrEmpty(key);
        if (_hasKey)
        {
            _http.DefaultRequestHeaders.Add("x-functions-key", key);
        }
    }

    /// <summary>Uploads a brief and its image; returns the check-status payload.</summary>
    public async Task<CheckStatus> SubmitBriefAsync(BriefPackage brief, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        var briefPart = new ByteArrayContent(brief.BriefJson);
        briefPart.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(briefPart, "brief", "brief.json");
        var imagePart = new ByteArrayContent(brief.Image);
        imagePart.Headers.ContentType = new MediaTypeHeaderValue(brief.ImageContentType);
        form.Add(imagePart, "image", brief.ImageFileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/briefs") { Content = form };
        var response = await SendAsync(request, "the brief upload", null, ct).ConfigureAwait(false);
        return CheckStatus.From(response.ReadJson("the brief upload"));
    }

    /// <summary>Reads an instance's status (200 terminal, 202 still running: both are answers).</summary>
    public async Task<InstanceStatus> GetStatusAsync(string id, bool showHistory, bool showInput, CancellationToken ct)
    {
        var url = $"{InstanceUrl(id)}?showHistory={Bool(showHistory)}&showInput={Bool(showInput)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var response = await SendAsync(request, $"the status of '{id}'", id, ct).ConfigureAwait(false);
        return new InstanceStatus(response.ReadJson($"the status of '{id}'"));
    }

    /// <summary>Reads one page of instances; <see cref="InstancePage.ContinuationToken"/> is set when more pages exist.</summary>
    public async Task<InstancePage> ListPageAsync(InstanceQuery query, string? continuationToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, InstancesPath + query.ToQueryString());
        if (continuationToken is not null)
        {
            request.Headers.TryAddWithoutValidation(ContinuationHeader, continuationToken);
        }

        var response = await SendAsync(request, "the instance list", null, ct).ConfigureAwait(false);
        var body = response.ReadJson("the instance list");
        if (body.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            throw new ServerException("The function app answered the instance list with something other than a JSON array.");
        }

        return new InstancePage([.. body.EnumerateArray().Select(e => new InstanceStatus(e))], response.ContinuationToken);
    }

    /// <summary>Raises <paramref name="eventName"/> with a JSON body.</summary>
    public Task RaiseEventAsync(string id, string eventName, string jsonData, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{InstanceUrl(id)}/raiseEvent/{Uri.EscapeDataString(eventName)}")
        {
            Content = new StringContent(jsonData, Encoding.UTF8, "application/json"),
        };
        return SendAndDisposeAsync(request, $"the event '{eventName}' for '{id}'", id, ct);
    }

    /// <summary>Terminates, suspends or resumes an instance (<paramref name="operation"/> is terminate, suspend or resume).</summary>
    public Task ControlAsync(string id, string operation, string? reason, CancellationToken ct)
    {
        var url = $"{InstanceUrl(id)}/{operation}" + (reason is null ? string.Empty : $"?reason={Uri.EscapeDataString(reason)}");
        return SendAndDisposeAsync(new HttpRequestMessage(HttpMethod.Post, url), $"the {operation} request for '{id}'", id, ct);
    }

    /// <summary>Deletes an instance's history and state.</summary>
    public Task PurgeAsync(string id, CancellationToken ct) =>
        SendAndDisposeAsync(new HttpRequestMessage(HttpMethod.Delete, InstanceUrl(id)), $"the purge of '{id}'", id, ct);

    /// <summary>One published output of a run (<c>video.mp4</c>, <c>thumbnail.jpg</c>, <c>manifest.json</c>), at most 16 MiB.</summary>
    public async Task<byte[]> DownloadPublishedAsync(string id, string file, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(id)}/published/{Uri.EscapeDataString(file)}");
        ApiResponse response = await SendAsync(request, $"the published {file} of '{id}'", id, ct).ConfigureAwait(false);
        return response.Body;
    }

    /// <summary>The tenant's prompt policy: effective version, categories and the stored override (<c>GET /api/policy</c>).</summary>
    public async Task<JsonElement> GetPolicyAsync(string? tenant, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PolicyUrl(tenant));
        ApiResponse response = await SendAsync(request, "the tenant's prompt policy", null, ct).ConfigureAwait(false);
        return response.ReadJson("the tenant's prompt policy");
    }

    /// <summary>Stores <paramref name="document"/> as the tenant's prompt policy override; the server checks it first.</summary>
    public async Task<JsonElement> SetPolicyAsync(byte[] document, string? tenant, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, PolicyUrl(tenant)) { Content = new ByteArrayContent(document) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        ApiResponse response = await SendAsync(request, "the prompt policy override", null, ct).ConfigureAwait(false);
        return response.ReadJson("the saved prompt policy");
    }

    /// <summary>Removes the tenant's prompt policy override.</summary>
    public Task ResetPolicyAsync(string? tenant, CancellationToken ct) =>
        SendAndDisposeAsync(new HttpRequestMessage(HttpMethod.Delete, PolicyUrl(tenant)), "the removal of the prompt policy override", null, ct);

    /// <summary><c>api/policy</c>, with <c>?tenant=</c> when one is named (the admin key acts on any tenant).</summary>
    private static string PolicyUrl(string? tenant) => tenant is null ? PolicyPath : $"{PolicyPath}?tenant={Uri.EscapeDataString(tenant)}";

    public void Dispose() => _http.Dispose();

    private static string InstanceUrl(string id) => $"{InstancesPath}/{Uri.EscapeDataString(id)}";

    private static string Bool(bool value) => value ? "true" : "false";

    private async Task SendAndDisposeAsync(HttpRequestMessage request, string what, string? instanceId, CancellationToken ct)
    {
        using (request)
        {
            await SendAsync(request, what, instanceId, ct).ConfigureAwait(false);
        }
    }

    private async Task<ApiResponse> SendAsync(HttpRequestMessage request, string what, string? instanceId, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ServerException($"The function app at {_endpoint} did not answer {what} within {_http.Timeout.TotalSeconds:0} s.", ex);
        }

        using (response)
        {
            var body = await ReadBodyAsync(response, what, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var token = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.FirstOrDefault() : null;
                return new ApiResponse(response.StatusCode, string.IsNullOrEmpty(token) ? null : token, body);
            }

            throw Failure(response.StatusCode, ApiError.Parse(body), what, instanceId);
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new ServerException($"The function app's answer to {what} is larger than the 16 MiB the CLI reads.");
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxResponseBytes)
                    {
                        throw new ServerException($"The function app's answer to {what} is larger than the 16 MiB the CLI reads.");
                    }

                    buffer.Write(chunk, 0, read);
                }

                return buffer.ToArray();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && ct.IsCancellationRequested)
        {
            // Our own cancellation (a --timeout, Ctrl+C) aborted the read: that is a cancellation, not a broken server.
            throw new OperationCanceledException($"Reading the answer to {what} was cancelled.", ex, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new ServerException($"The connection to {_endpoint} broke while reading the answer to {what} ({ex.Message}).", ex);
        }
    }

    private ServerException Unreachable(HttpRequestException ex)
    {
        var reason = ex.InnerException is SocketException se
            ? se.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                SocketError.TimedOut => "timed out",
                _ => se.Message,
            }
            : ex.Message;
        return new ServerException(
            $"Cannot reach the VideoGen function app at {_endpoint} ({reason}); start it locally with ./run.sh, or point --endpoint / VIDEOGEN_ENDPOINT at a running one.",
            ex);
    }

    private CliException Failure(HttpStatusCode status, ApiError error, string what, string? instanceId)
    {
        var detail = error.Describe();
        var suffix = detail.Length > 0 ? $": {detail}." : ".";
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new UnauthorizedException(_hasKey
                ? $"The function app at {_endpoint} refused the key (HTTP {code}); check --key or VIDEOGEN_KEY."
                : $"The function app at {_endpoint} needs a key (HTTP {code}); pass --key or set VIDEOGEN_KEY."),
            HttpStatusCode.NotFound when instanceId is not null =>
                new NotFoundException($"Instance '{instanceId}' was not found (for this key's tenant){suffix}"),
            HttpStatusCode.NotFound when error.Code == "policy.none" => new NotFoundException($"The tenant has no prompt policy override{suffix}"),
            HttpStatusCode.NotFound => new NotFoundException($"The function app at {_endpoint} has no such API for {what} (HTTP 404){suffix}"),
            HttpStatusCode.Gone => new InvalidInputException($"Instance '{instanceId}' has already ended, so {what} was refused (HTTP 410){suffix}"),
            _ when code is >= 400 and < 500 => new InvalidInputException($"The function app rejected {what} (HTTP {code}){suffix}"),
            _ => new ServerException($"The function app at {_endpoint} failed on {what} (HTTP {code}){suffix}"),
        };
    }
}
