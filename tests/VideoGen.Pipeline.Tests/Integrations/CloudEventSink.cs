using System.Collections.Concurrent;
using Azure.Messaging;
using Microsoft.AspNetCore.Http;

namespace VideoGen.Pipeline.Tests.Integrations;

/// <summary>
/// A local Event Grid topic stand-in (the local-mode webhook sink): accepts CloudEvents batches on
/// <c>POST /api/events</c> with the right <c>aeg-sas-key</c>, parses them with the SDK's own
/// <see cref="CloudEvent.ParseMany"/> and keeps them; answers 401 for a wrong key, 400 for a body that is not a
/// CloudEvents batch, and scripted failures first.
/// </summary>
internal sealed class CloudEventSink : IAsyncDisposable
{
    public const string Key = "local-topic-key-abcdefghijklmnop";

    private LocalHttpServer _server = null!;

    public Uri Endpoint => new(_server.BaseUri, "api/events");

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests.ToList();

    public ConcurrentQueue<CloudEvent> Events { get; } = new();

    public ConcurrentQueue<int> NextStatuses { get; } = new();

    public static async Task<CloudEventSink> StartAsync()
    {
        var sink = new CloudEventSink();
        sink._server = await LocalHttpServer.StartAsync(sink.HandleAsync);
        return sink;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        if (NextStatuses.TryDequeue(out var status))
        {
            context.Response.StatusCode = status;
            return;
        }

        if (request.Header("aeg-sas-key") != Key)
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (request.Path != "/api/events" ||
            !(request.Header("Content-Type") ?? string.Empty).StartsWith("application/cloudevents-batch+json", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("{\"error\":{\"code\":\"BadRequest\",\"message\":\"expected a CloudEvents batch\"}}");
            return;
        }

        try
        {
            foreach (var e in CloudEvent.ParseMany(BinaryData.FromBytes(request.Body), skipValidation: false))
            {
                Events.Enqueue(e);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException)
        {
            context.Response.StatusCode = 400;
            return;
        }

        context.Response.StatusCode = 200;
    }
}
