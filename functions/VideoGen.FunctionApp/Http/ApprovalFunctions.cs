using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using VideoGen.Functions.Approvals;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Provenance;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.FunctionApp.Http;

/// <summary>
/// The reviewer's pages and the provenance public key. Anonymous by design: a reviewer holds a signed, single-use,
/// expiring token instead of a key, and the public key is public.
/// </summary>
public sealed class ApprovalFunctions(
    ApprovalTokenService tokens,
    ApprovalRedemptions redemptions,
    BlobServiceClient blobs,
    TimeProvider time,
    IOptions<GenerationOptions> generation,
    ILoggerFactory logs,
    ManifestSigner signer)
{
    /// <summary><c>GET /api/approvals</c>, <c>POST .../decide</c>, <c>GET .../preview</c>, <c>GET .../thumbnail</c> → <see cref="ApprovalEndpoints.HandleAsync"/>.</summary>
    [Function(nameof(Approvals))]
    public Task<IResult> Approvals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "approvals/{action?}")] HttpRequest req,
        string? action,
        [DurableClient] DurableTaskClient client) =>
        ApprovalEndpoints.HandleAsync(req.HttpContext, action, client, tokens, redemptions, blobs, time, generation.Value, logs);

    /// <summary><c>GET /api/provenance/keys</c> → <see cref="ApprovalEndpoints.ProvenanceKeys"/>.</summary>
    [Function(nameof(ProvenanceKeys))]
    public IResult ProvenanceKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "provenance/keys")] HttpRequest req) =>
        ApprovalEndpoints.ProvenanceKeys(signer);
}
