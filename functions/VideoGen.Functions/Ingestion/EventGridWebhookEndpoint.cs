using Microsoft.DurableTask.Client;
using VideoGen.Functions.Api;

namespace VideoGen.Functions.Ingestion;

/// <summary>
/// <c>POST /api/events</c>: an Event Grid webhook subscription delivering straight to the app (Event Grid schema or
/// CloudEvents 1.0), with both handshakes: the Event Grid <c>SubscriptionValidationEvent</c> (answered with its
/// <c>validationResponse</c>) and the CloudEvents webhook <c>OPTIONS</c> request (answered with
/// <c>WebHook-Allowed-Origin</c>). BlobCreated events go through <see cref="BriefIngestion"/>; other types get 200
/// and a log line. A malformed body gets 400 naming the problem and starts nothing.
/// </summary>
public static partial class EventGridWebhookEndpoint
{
    /// <summary>The route under the Functions host's <c>api/</c> prefix.</summary>
    public const string Path = "/api/events";

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapMethods(Path, ["POST", "OPTIONS"], (HttpContext c, DurableTaskClient client, BriefIngestion ingestion, ILoggerFactory logs) =>
            HandleAsync(c, client, ingestion, logs.CreateLogger(nameof(EventGridWebhookEndpoint))));

    /// <summary>
    /// The <c>EventGridWebhook</c> function: <c>OPTIONS</c> answers the CloudEvents handshake, <c>POST</c> takes a
    /// delivery (or the Event Grid validation handshake); errors are answered as <see cref="ApiErrors"/> JSON.
    /// </summary>
    public static Task<IResult> HandleAsync(HttpContext c, DurableTaskClient client, BriefIngestion ingestion, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(c);
        return HttpMethods.IsOptions(c.Request.Method)
            ? Task.FromResult(Handshake(c))
            : ApiErrors.Guard(() => DeliverAsync(c, client, ingestion, logger));
    }

    private static IResult Handshake(HttpContext c)
    {
        // CloudEvents 1.0 webhook abuse protection: echo the origin that asks to deliver.
        string? origin = c.Request.Headers["WebHook-Request-Origin"].FirstOrDefault();
        if (string.IsNullOrEmpty(origin))
        {
            return ApiErrors.ToResult(new ApiException(StatusCodes.Status400BadRequest, "webhook.origin-missing",
                "A CloudEvents validation request must carry WebHook-Request-Origin.", "WebHook-Request-Origin"));
        }

        c.Response.Headers["WebHook-Allowed-Origin"] = origin;
        c.Response.Headers["WebHook-Allowed-Rate"] = "120";
        c.Response.Headers.Allow = "POST, OPTIONS";
        return Results.Ok();
    }

    private static async Task<IResult> DeliverAsync(HttpContext c, DurableTaskClient client, BriefIngestion ingestion, ILogger logger)
    {
        string? type = c.Request.ContentType;
        if (type is null || !(type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                              || type.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "event.content-type",
                $"Deliver events as application/json or application/cloudevents(+batch)+json, not '{type ?? "(none)"}'.", "Content-Type");
        }

        BinaryData body = await BodyReader.ReadAsync(c, EventGridDelivery.MaxBodyBytes, "event.too-large").ConfigureAwait(false);
        EventGridDeliveryContent content;
        try
        {
            content = EventGridDelivery.Parse(body);
        }
        catch (EventGridPayloadException ex)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "event.invalid", ex.Message, ex.Field);
        }

        if (content.ValidationCode is { } code)
        {
            Log.Handshake(logger);
            return Results.Json(new { validationResponse = code });
        }

        var outcomes = await ingestion.AcceptAllAsync(client, content, c.RequestAborted).ConfigureAwait(false);
        return Results.Json(new { accepted = outcomes.Select(o => new { action = o.Outcome.Action.ToString(), o.Outcome.InstanceId, o.Outcome.Reason }), ignored = content.Ignored.Count }, ApiErrors.Json);
    }

    private static partial class Log
    {
        [LoggerMessage(120, LogLevel.Information, "Event Grid subscription validation handshake answered")]
        public static partial void Handshake(ILogger logger);
    }
}

/// <summary>Reads a request body with a hard size limit (the Content-Length is checked first, then the bytes read).</summary>
public static class BodyReader
{
    /// <summary>The body, or <see cref="ApiException"/> 413 with <paramref name="code"/> when it is over <paramref name="maxBytes"/>.</summary>
    public static async Task<BinaryData> ReadAsync(HttpContext c, int maxBytes, string code)
    {
        if (c.Request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes, code);
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await c.Request.Body.ReadAsync(chunk, c.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes, code);
            }

            buffer.Write(chunk, 0, read);
        }

        return BinaryData.FromBytes(buffer.ToArray());
    }

    private static ApiException TooLarge(int maxBytes, string code) =>
        new(StatusCodes.Status413PayloadTooLarge, code, $"The request body is over the limit of {maxBytes} bytes.", "body");
}
