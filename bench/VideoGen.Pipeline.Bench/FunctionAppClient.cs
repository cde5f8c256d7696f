using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace VideoGen.Pipeline.Bench;

/// <summary>The function app's public HTTP surface, as a CMS or <c>videogen</c> uses it: health, brief upload, status, events.</summary>
internal sealed class FunctionAppClient(Uri baseUri, string tenantKey) : IDisposable
{
    private readonly HttpClient _http = CreateHttp(baseUri, tenantKey);

    /// <summary>Polls <c>GET /api/health</c> until it answers 200; fails when the app exits first or time runs out.</summary>
    public async Task WaitHealthyAsync(ChildProcess app, TimeSpan budget, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(budget);
        string last = "no answer yet";
        while (true)
        {
            app.ThrowIfExited("before /api/health answered");
            try
            {
                using HttpResponseMessage r = await _http.GetAsync(new Uri("api/health", UriKind.Relative), limit.Token).ConfigureAwait(false);
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"HTTP {(int)r.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new BenchFailure($"The function app did not answer GET /api/health within {budget.TotalSeconds:0} s ({last}). Its last output:{Environment.NewLine}{app.Tail}");
            }

            await Task.Delay(200, limit.Token).ConfigureAwait(false);
        }
    }

    /// <summary><c>POST /api/briefs</c> with parts <c>brief</c> and <c>image</c>; returns the instance id of the started run.</summary>
    public async Task<string> SubmitAsync(byte[] briefJson, string imagePath, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        var brief = new ByteArrayContent(briefJson);
        brief.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(brief, "brief", "brief.json");
        var image = new ByteArrayContent(await File.ReadAllBytesAsync(imagePath, ct).ConfigureAwait(false));
        image.Headers.ContentType = new MediaTypeHeaderValue(
            Path.GetExtension(imagePath).ToLowerInvariant() is ".jpg" or ".jpeg" ? "image/jpeg" : "image/png");
        form.Add(image, "image", Path.GetFileName(imagePath));

        using HttpResponseMessage r = await _http.PostAsync(new Uri("api/briefs", UriKind.Relative), form, ct).ConfigureAwait(false);
        string body = await r.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (r.StatusCode != HttpStatusCode.Accepted)
        {
            throw new BenchFailure($"POST /api/briefs answered HTTP {(int)r.StatusCode}, not 202: {Shorten(body)}");
        }

        return Json.Find(JsonNode.Parse(body), "id") is JsonValue v && v.TryGetValue(out string? id) && id.Length > 0
            ? id
            : throw new BenchFailure($"POST /api/briefs answered 202 without an instance id: {Shorten(body)}");
    }

    /// <summary><c>GET /api/durabletask/instances/{id}</c>: the status object, or null while the instance is not visible yet (404).</summary>
    public async Task<JsonObject?> GetStatusAsync(string instanceId, CancellationToken ct)
    {
        using HttpResponseMessage r = await _http.GetAsync(InstanceUri(instanceId, ""), ct).ConfigureAwait(false);
        string body = await r.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (r.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (r.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            throw new BenchFailure($"GET the status of {instanceId} answered HTTP {(int)r.StatusCode}: {Shorten(body)}");
        }

        return JsonNode.Parse(body) as JsonObject ?? throw new BenchFailure($"The status of {instanceId} is not a JSON object: {Shorten(body)}");
    }

    /// <summary><c>POST .../raiseEvent/{name}</c> with a JSON payload.</summary>
    public async Task RaiseEventAsync(string instanceId, string eventName, JsonNode payload, CancellationToken ct)
    {
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage r = await _http.PostAsync(InstanceUri(instanceId, "/raiseEvent/" + Uri.EscapeDataString(eventName)), content, ct).ConfigureAwait(false);
        if (!r.IsSuccessStatusCode)
        {
            throw new BenchFailure($"Raising {eventName} on {instanceId} answered HTTP {(int)r.StatusCode}: {Shorten(await r.Content.ReadAsStringAsync(ct).ConfigureAwait(false))}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static Uri InstanceUri(string instanceId, string suffix) =>
        new("api/durabletask/instances/" + Uri.EscapeDataString(instanceId) + suffix, UriKind.Relative);

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;

    private static HttpClient CreateHttp(Uri baseUri, string key)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Add("x-functions-key", key);
        return http;
    }
}
