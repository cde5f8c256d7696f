using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace VideoGen.Pipeline.Tests.Integrations;

/// <summary>Failure the fake service can be told to produce on coming requests.</summary>
public enum ServiceFault
{
    None,
    Status500,
    Status429,
    DropConnection,
    HugeBody,
    Hang,
}

/// <summary>
/// Speaks the Content Safety REST contract (2024-09-01) on a local Kestrel: checks the key header and api-version,
/// validates the body, answers configured severities and blocklist hits, and fails on demand.
/// </summary>
internal sealed class FakeContentSafetyService : IAsyncDisposable
{
    public const string Key = "test-content-safety-key-0123456789";

    private LocalHttpServer _server = null!;

    public Uri Endpoint => _server.BaseUri;

    public IReadOnlyCollection<RecordedRequest> Requests => _server.Requests;

    /// <summary>Severities answered when <see cref="NextSeverities"/> is empty.</summary>
    public ConcurrentDictionary<string, int> Severities { get; } = new();

    /// <summary>Per-request severities, consumed in order.</summary>
    public ConcurrentQueue<Dictionary<string, int>> NextSeverities { get; } = new();

    /// <summary>Blocklist item texts; a text containing one is a hit (item id "item-{index}", list "brand-terms").</summary>
    public List<string> BlockedTerms { get; } = [];

    /// <summary>Faults for the coming requests, in order (<see cref="ServiceFault.None"/> answers normally); then <see cref="AlwaysFail"/>.</summary>
    public ConcurrentQueue<ServiceFault> NextFaults { get; } = new();

    public ServiceFault? AlwaysFail { get; set; }

    public static async Task<FakeContentSafetyService> StartAsync()
    {
        var fake = new FakeContentSafetyService();
        fake._server = await LocalHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var fault = NextFaults.TryDequeue(out var f) ? f : AlwaysFail;
        switch (fault)
        {
            case ServiceFault.DropConnection:
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                context.Abort();
                return;
            case ServiceFault.Status500:
                await Error(context, 500, "InternalServerError", "The service is temporarily broken.");
                return;
            case ServiceFault.Status429:
                context.Response.Headers["Retry-After"] = "1";
                context.Response.Headers["retry-after-ms"] = "5";
                await Error(context, 429, "TooManyRequests", "Rate limit exceeded.");
                return;
            case ServiceFault.Hang:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // the client gave up, as it should
                }

                return;
            case ServiceFault.HugeBody:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"categoriesAnalysis\":[" + new string(' ', 2 * 1024 * 1024) + "]}");
                return;
        }

        if (request.Header("Ocp-Apim-Subscription-Key") != Key)
        {
            await Error(context, 401, "401", "Access denied due to invalid subscription key or wrong API endpoint.");
            return;
        }

        if (context.Request.Query["api-version"] != "2024-09-01")
        {
            await Error(context, 400, "InvalidRequestBody", "Unsupported api-version.");
            return;
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(request.Body)!.AsObject();
        }
        catch (JsonException)
        {
            await Error(context, 400, "InvalidRequestBody", "Malformed JSON.");
            return;
        }

        if (body["outputType"]?.GetValue<string>() != "FourSeverityLevels")
        {
            await Error(context, 400, "InvalidRequestBody", "outputType must be FourSeverityLevels.");
            return;
        }

        var severities = NextSeverities.TryDequeue(out var next) ? next : new Dictionary<string, int>(Severities);
        var categories = new JsonArray();
        foreach (var name in new[] { "Hate", "SelfHarm", "Sexual", "Violence" })
        {
            categories.Add(new JsonObject { ["category"] = name, ["severity"] = severities.GetValueOrDefault(name) });
        }

        var answer = new JsonObject { ["categoriesAnalysis"] = categories };
        if (request.Path == "/contentsafety/text:analyze")
        {
            var text = body["text"]?.GetValue<string>();
            if (string.IsNullOrEmpty(text) || text.Length > 10_000)
            {
                await Error(context, 400, "InvalidRequestBody", "text must be 1 to 10000 characters.");
                return;
            }

            var matches = new JsonArray();
            for (var i = 0; i < BlockedTerms.Count; i++)
            {
                if (text.Contains(BlockedTerms[i], StringComparison.OrdinalIgnoreCase))
                {
                    matches.Add(new JsonObject { ["blocklistName"] = "brand-terms", ["blocklistItemId"] = $"item-{i}", ["blocklistItemText"] = BlockedTerms[i] });
                }
            }

            answer["blocklistsMatch"] = matches;
        }
        else if (request.Path == "/contentsafety/image:analyze")
        {
            var content = body["image"]?["content"]?.GetValue<string>();
            if (content is null || Convert.FromBase64String(content).Length == 0)
            {
                await Error(context, 400, "InvalidRequestBody", "image.content is required.");
                return;
            }
        }
        else
        {
            await Error(context, 404, "NotFound", "Unknown operation.");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private static async Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString());
    }
}
