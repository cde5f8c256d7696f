using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using VideoGen.Functions.Api;
using VideoGen.Functions.Hosting;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Functions.Ingestion;

/// <summary>
/// <c>POST /api/briefs</c>: a CMS (or <c>videogen submit</c>) sends <c>multipart/form-data</c> with the part
/// <c>brief</c> (brief.json) and the part <c>image</c> (the product image the brief names). The brief is validated
/// against the brief contract first (400 with every error, nothing written); then the image and the brief are written
/// to <c>cms-uploads/{tenant}/{briefId}/</c>, image first, and the run is started through <see cref="BriefIngestion"/>,
/// the same path an Event Grid BlobCreated takes. Answers 202 with Durable Functions' check-status payload.
/// </summary>
public static class SubmitBriefEndpoint
{
    /// <summary>The route under the Functions host's <c>api/</c> prefix.</summary>
    public const string Path = "/api/briefs";

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, (HttpContext c, DurableTaskClient client, ApiKeys keys, BlobServiceClient blobs, BriefIngestion ingestion, IOptions<FunctionAppOptions> options) =>
            SubmitAsync(c, client, keys, blobs, ingestion, options.Value));

    /// <summary>The <c>SubmitBrief</c> function: <c>POST /api/briefs</c>; errors are answered as <see cref="ApiErrors"/> JSON.</summary>
    public static Task<IResult> SubmitAsync(HttpContext c, DurableTaskClient client, ApiKeys keys, BlobServiceClient blobs, BriefIngestion ingestion, FunctionAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        return ApiErrors.Guard(() => SubmitCoreAsync(c, client, keys, blobs, ingestion, options));
    }

    private static async Task<IResult> SubmitCoreAsync(HttpContext c, DurableTaskClient client, ApiKeys keys, BlobServiceClient blobs, BriefIngestion ingestion, FunctionAppOptions options)
    {
        ApiCaller caller = keys.Authenticate(c.Request);
        long limit = options.MaxBriefBytes + (long)options.MaxImageBytes + 64 * 1024; // parts plus multipart framing
        if (c.Request.ContentLength > limit)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, "request.too-large", $"The request is over {limit} bytes (brief ≤ {options.MaxBriefBytes}, image ≤ {options.MaxImageBytes}).", "body");
        }

        if (c.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (!c.Request.HasFormContentType || c.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "request.content-type",
                $"Send multipart/form-data with parts 'brief' (brief.json) and 'image', not '{c.Request.ContentType ?? "(none)"}'.", "Content-Type");
        }

        IFormCollection form;
        try
        {
            form = await c.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = 16 }, c.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "request.multipart-invalid", $"The multipart body could not be read: {ex.Message}", "body");
        }

        IFormFile briefPart = form.Files["brief"] ?? throw new ApiException(StatusCodes.Status400BadRequest, "request.part-missing", "The part 'brief' (brief.json) is missing.", "brief");
        IFormFile imagePart = form.Files["image"] ?? throw new ApiException(StatusCodes.Status400BadRequest, "request.part-missing", "The part 'image' (the product image) is missing.", "image");
        byte[] briefBytes = await ReadPartAsync(briefPart, options.MaxBriefBytes, "brief", c.RequestAborted).ConfigureAwait(false);
        byte[] imageBytes = await ReadPartAsync(imagePart, options.MaxImageBytes, "image", c.RequestAborted).ConfigureAwait(false);

        Brief brief;
        try
        {
            brief = BriefParser.Parse(briefBytes);
            ProductImageInspector.Inspect(imageBytes);
        }
        catch (BriefValidationException ex)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, BriefValidationException.Code, ex.Message, ex.Errors.FirstOrDefault()?.Pointer) { Details = ex.Errors };
        }

        TenantId tenant = TenantId.Parse(brief.Tenant);
        if (caller.Tenant is { } own && own != tenant)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, "tenant.mismatch", $"The brief is for tenant '{tenant}', but the key belongs to '{own}'.", "/tenant");
        }

        if (!string.Equals(FileName(imagePart.FileName), brief.ProductImage, StringComparison.Ordinal))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "brief.invalid",
                $"The image part is named '{FileName(imagePart.FileName)}' but the brief's productImage is '{brief.ProductImage}'.", "/productImage");
        }

        BlobContainerClient container = blobs.GetBlobContainerClient(BlobLayout.CmsUploadsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: c.RequestAborted).ConfigureAwait(false);
        BlobClient image = container.GetBlobClient(BlobLayout.UploadPath(tenant, brief.BriefId, brief.ProductImage));
        await image.UploadAsync(BinaryData.FromBytes(imageBytes), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = imagePart.ContentType } }, c.RequestAborted).ConfigureAwait(false);
        BlobClient briefBlob = container.GetBlobClient(BlobLayout.BriefPath(tenant, brief.BriefId));
        BlobContentInfo uploaded = (await briefBlob.UploadAsync(BinaryData.FromBytes(briefBytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, c.RequestAborted).ConfigureAwait(false)).Value;

        var notice = new BlobCreatedNotice($"api-{Guid.NewGuid():N}", briefBlob.Uri.AbsoluteUri, BlobCreatedNotice.NormalizeETag(uploaded.ETag.ToString()), null);
        IngestionOutcome outcome = await ingestion.AcceptAsync(client, notice, c.RequestAborted).ConfigureAwait(false);
        string id = outcome.InstanceId ?? throw new InvalidOperationException($"Ingestion ignored an upload it was given directly: {outcome.Reason}");
        CheckStatusPayload payload = StatusPayloads.CheckStatus(new Uri($"{c.Request.Scheme}://{c.Request.Host}"), id);
        c.Response.Headers.Location = payload.StatusQueryGetUri;
        return Results.Json(payload, ApiErrors.Json, statusCode: StatusCodes.Status202Accepted);
    }

    private static string FileName(string fileName) => System.IO.Path.GetFileName(fileName);

    private static async Task<byte[]> ReadPartAsync(IFormFile part, int maxBytes, string name, CancellationToken ct)
    {
        if (part.Length > maxBytes)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, "request.part-too-large", $"The part '{name}' is {part.Length} bytes; the limit is {maxBytes}.", name);
        }

        using var buffer = new MemoryStream((int)part.Length);
        await using Stream s = part.OpenReadStream();
        await s.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
