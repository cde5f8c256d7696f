using Azure;
using Azure.Storage.Blobs;
using VideoGen.Contracts;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Api;

/// <summary>
/// <c>GET /api/runs/{instanceId}/published/{file}</c>: a published output of a run (<c>video.mp4</c>,
/// <c>thumbnail.jpg</c>, <c>manifest.json</c>) for the tenant that owns it, so a CMS integrator (or
/// <c>videogen download</c>) can fetch what was published without storage credentials.
/// </summary>
public static class PublishedOutputsApi
{
    /// <summary>The files a run publishes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["video.mp4"] = "video/mp4",
        ["thumbnail.jpg"] = "image/jpeg",
        ["manifest.json"] = "application/json",
    };

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/runs/{instanceId}/published/{file}", (HttpContext c, string instanceId, string file, DurableTaskClient client, ApiKeys keys, BlobServiceClient blobs) =>
            GetAsync(c, instanceId, file, client, keys, blobs));

    /// <summary>The <c>PublishedOutputs</c> function: one published file of a run the caller owns. Errors are <see cref="ApiErrors"/> JSON.</summary>
    public static Task<IResult> GetAsync(HttpContext c, string instanceId, string file, DurableTaskClient client, ApiKeys keys, BlobServiceClient blobs)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(blobs);
        return ApiErrors.Guard(async () =>
        {
            ApiCaller caller = keys.Authenticate(c.Request);
            if (!Files.TryGetValue(file, out string? type))
            {
                throw new ApiException(StatusCodes.Status404NotFound, "published.unknown-file", $"A run publishes {string.Join(", ", Files.Keys)}; not '{file}'.", "file");
            }

            OrchestrationMetadata m = await InstancesApi.RequireOwnedAsync(c, caller, instanceId, client).ConfigureAwait(false);

            RunResult? result = m.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? m.ReadOutputAs<RunResult>() : null;
            if (result?.Published is not { } published)
            {
                throw new ApiException(StatusCodes.Status409Conflict, "published.none", $"Run '{instanceId}' has published nothing (status {m.RuntimeStatus}).", "instanceId");
            }

            BriefRunInput input = m.ReadInputAs<BriefRunInput>()!;
            string path = BlobLayout.PublishedPath(TenantId.Parse(input.Tenant), input.BriefId, published.Version, file);
            try
            {
                var download = await blobs.GetBlobContainerClient(BlobLayout.PublishedContainer).GetBlobClient(path).DownloadStreamingAsync(cancellationToken: c.RequestAborted).ConfigureAwait(false);
                return Results.Stream(download.Value.Content, type, file);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw new ApiException(StatusCodes.Status404NotFound, "published.missing", $"'{path}' is not in the published container.", "file");
            }
        });
    }
}
