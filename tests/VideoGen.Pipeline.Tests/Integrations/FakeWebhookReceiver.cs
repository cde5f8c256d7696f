using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace VideoGen.Pipeline.Tests.Integrations;

/// <summary>A webhook endpoint on a local Kestrel that answers scripted statuses (then 200), or drops the connection for status 0.</summary>
internal sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private LocalHttpServer _server = null!;

    public Uri Url => new(_server.BaseUri, "hooks/videogen?token=cms-url-token-123");

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests.ToList();

    /// <summary>Statuses for the coming requests; 0 drops the connection. Afterwards <see cref="FinalStatus"/>.</summary>
    public ConcurrentQueue<int> NextStatuses { get; } = new();

    public int FinalStatus { get; set; } = 200;

    public string? RetryAfter { get; set; }

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var fake = new FakeWebhookReceiver();
        fake._server = await LocalHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var status = NextStatuses.TryDequeue(out var s) ? s : FinalStatus;
        if (status == 0)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = status;
        if (status is 429 or 503 && RetryAfter is not null)
        {
            context.Response.Headers["Retry-After"] = RetryAfter;
        }

        if (status is 301 or 302 or 307)
        {
            context.Response.Headers.Location = "https://elsewhere.example/steal";
        }

        await context.Response.WriteAsync(status is >= 200 and < 300 ? "{\"ok\":true}" : "{\"error\":\"scripted\"}");
    }
}
