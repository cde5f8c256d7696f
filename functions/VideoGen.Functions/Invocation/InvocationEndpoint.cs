using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace VideoGen.Functions.Invocation;

/// <summary>
/// <c>POST /{FunctionName}</c>: where the Functions host delivers invocations. Queue and Event Grid functions go
/// to their <see cref="IFunctionHandler"/>; an HTTP function (only when host.json turns request forwarding off)
/// has its <c>Data.req</c> replayed through this app's own pipeline and the response returned in <c>Outputs.res</c>.
/// A handler that throws answers 500, which fails the invocation so the host retries the message.
/// </summary>
public static partial class InvocationEndpoint
{
    /// <summary>Largest invocation body accepted (queue messages are at most 64 KB; Event Grid events 1 MB).</summary>
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    /// <summary>Maps the endpoint. <paramref name="pipeline"/> resolves the app's request pipeline for HTTP replays.</summary>
    public static void Map(IEndpointRouteBuilder app, Func<RequestDelegate> pipeline)
    {
        app.MapPost("/{functionName:regex(^[A-Za-z][A-Za-z0-9_]*$)}", async (HttpContext c, string functionName, FunctionCatalog catalog, ILoggerFactory logs) =>
        {
            ILogger logger = logs.CreateLogger(nameof(InvocationEndpoint));
            InvocationRequest? request;
            try
            {
                BinaryData body = await Ingestion.BodyReader.ReadAsync(c, MaxBodyBytes, "invocation.too-large").ConfigureAwait(false);
                request = JsonSerializer.Deserialize<InvocationRequest>(body.ToMemory().Span, InvocationJson.Options);
            }
            catch (JsonException ex)
            {
                return Results.BadRequest(new { error = "invocation.invalid", message = $"The invocation body is not a custom handler payload: {ex.Message}" });
            }
            catch (Api.ApiException ex)
            {
                return Api.ApiErrors.ToResult(ex);
            }

            request ??= new InvocationRequest();
            if (FunctionCatalog.HttpFunctions.FirstOrDefault(h => string.Equals(h.Name, functionName, StringComparison.OrdinalIgnoreCase)) is { } http)
            {
                return Results.Json(await ReplayAsync(c, http, request, pipeline()).ConfigureAwait(false), InvocationJson.Options);
            }

            IFunctionHandler? handler = catalog.Find(functionName);
            if (handler is null)
            {
                return Results.NotFound(new { error = "function.unknown", message = $"This app has no function '{functionName}'." });
            }

            try
            {
                InvocationResponse response = await handler.InvokeAsync(request, c.RequestAborted).ConfigureAwait(false);
                return Results.Json(response, InvocationJson.Options);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !c.RequestAborted.IsCancellationRequested)
            {
                Log.Failed(logger, functionName, ex.GetType().Name, ex.Message);
                return Results.Json(new InvocationResponse { Logs = [$"{ex.GetType().Name}: {ex.Message}"] }, InvocationJson.Options, statusCode: StatusCodes.Status500InternalServerError);
            }
        });
    }

    /// <summary>Runs an HTTP trigger's request (<c>Data.req</c>) through the app's pipeline and packs the response as <c>res</c>.</summary>
    private static async Task<InvocationResponse> ReplayAsync(HttpContext outer, HttpFunction http, InvocationRequest request, RequestDelegate pipeline)
    {
        HttpTriggerBinding binding = HttpTriggerBinding.Read(request);
        var inner = new DefaultHttpContext { RequestServices = outer.RequestServices };
        var uri = new Uri(binding.Request.Url, UriKind.Absolute);
        inner.Request.Method = binding.Request.Method.ToUpperInvariant();
        inner.Request.Scheme = uri.Scheme;
        inner.Request.Host = new HostString(uri.Authority);
        inner.Request.Path = uri.AbsolutePath;
        inner.Request.QueryString = new QueryString(uri.Query);
        foreach ((string name, string[] values) in binding.Request.Headers ?? [])
        {
            inner.Request.Headers[name] = values;
        }

        byte[] body = Encoding.UTF8.GetBytes(binding.Request.Body ?? "");
        inner.Request.Body = new MemoryStream(body);
        inner.Request.ContentLength = body.Length;
        var responseBody = new MemoryStream();
        inner.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        await pipeline(inner).ConfigureAwait(false);
        var res = new HttpResponseData
        {
            StatusCode = inner.Response.StatusCode,
            Headers = inner.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()),
            Body = Encoding.UTF8.GetString(responseBody.ToArray()),
        };
        return new InvocationResponse { Outputs = new() { [binding.OutputName] = res }, Logs = [$"{http.Name}: {res.StatusCode}"] };
    }

    private static partial class Log
    {
        [LoggerMessage(150, LogLevel.Warning, "Invocation of {Function} failed: {ErrorType}: {Error}")]
        public static partial void Failed(ILogger logger, string function, string errorType, string error);
    }
}

/// <summary>The HTTP trigger's request in an invocation (binding <c>req</c>) and the output binding name (<c>res</c>).</summary>
/// <param name="Request">The request.</param>
/// <param name="OutputName">The HTTP output binding name.</param>
public sealed record HttpTriggerBinding(HttpRequestData Request, string OutputName)
{
    /// <summary>The binding names every HTTP function.json of this app uses.</summary>
    public const string RequestBinding = "req";

    /// <summary>The HTTP output binding name.</summary>
    public const string ResponseBinding = "res";

    /// <summary>Reads <c>Data.req</c>; throws <see cref="InvocationPayloadException"/> if absent or malformed.</summary>
    public static HttpTriggerBinding Read(InvocationRequest request)
    {
        if (!request.Data.TryGetValue(RequestBinding, out JsonElement req) || req.ValueKind != JsonValueKind.Object)
        {
            throw new InvocationPayloadException($"The invocation has no Data.{RequestBinding} object (the HTTP trigger's binding).");
        }

        HttpRequestData data = req.Deserialize<HttpRequestData>(InvocationJson.Options)
            ?? throw new InvocationPayloadException($"Data.{RequestBinding} is empty.");
        if (!Uri.TryCreate(data.Url, UriKind.Absolute, out _))
        {
            throw new InvocationPayloadException($"Data.{RequestBinding}.Url '{data.Url}' is not an absolute URL.");
        }

        return new HttpTriggerBinding(data, ResponseBinding);
    }
}
