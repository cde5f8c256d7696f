using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using VideoGen.Functions.Api;
using VideoGen.Functions.Hosting;
using VideoGen.Functions.Ingestion;

namespace VideoGen.FunctionApp.Http;

/// <summary>
/// How runs start over HTTP: a brief submitted directly, or an Event Grid webhook delivery. Anonymous towards the
/// host because the handlers check the caller's key themselves (a key names a tenant); the webhook is authenticated
/// by Event Grid's validation handshake (issue 10 revisits both).
/// </summary>
public sealed class BriefFunctions(ApiKeys keys, BlobServiceClient blobs, BriefIngestion ingestion, IOptions<FunctionAppOptions> options, ILoggerFactory logs)
{
    /// <summary><c>POST /api/briefs</c> → <see cref="SubmitBriefEndpoint.SubmitAsync"/>.</summary>
    [Function(nameof(SubmitBrief))]
    public Task<IResult> SubmitBrief(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "briefs")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        SubmitBriefEndpoint.SubmitAsync(req.HttpContext, client, keys, blobs, ingestion, options.Value);

    /// <summary><c>POST</c>/<c>OPTIONS /api/events</c> → <see cref="EventGridWebhookEndpoint.HandleAsync"/>.</summary>
    [Function(nameof(EventGridWebhook))]
    public Task<IResult> EventGridWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "events")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        EventGridWebhookEndpoint.HandleAsync(req.HttpContext, client, ingestion, logs.CreateLogger(nameof(EventGridWebhookEndpoint)));
}
