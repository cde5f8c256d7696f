using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using VideoGen.Contracts;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// Reads the uploaded brief (the exact version the event named: the read is conditioned on its ETag) and its product
/// image, validates both against the brief contract, and checks that the brief's tenant and id match its upload path.
/// A brief that fails is kept where it is and a <c>*.rejected.json</c> beside it records every error; the activity
/// then throws <see cref="RunFailedException"/> with code <c>brief.invalid</c> (not retried: the input will not change).
/// </summary>
public sealed class ValidateBrief(BlobServiceClient blobs) : TaskActivity<BriefRunInput, ValidatedBrief>
{
    /// <inheritdoc />
    public override async Task<ValidatedBrief> RunAsync(TaskActivityContext context, BriefRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        BlobContainerClient container = blobs.GetBlobContainerClient(input.Container);
        CancellationToken ct = CancellationToken.None;
        try
        {
            byte[] briefBytes = await ReadAsync(container.GetBlobClient(input.BriefPath), BriefLimits.MaxBriefBytes, "", input.ETag, ct).ConfigureAwait(false);
            Brief brief = BriefParser.Parse(briefBytes);
            var mismatches = new List<BriefValidationError>();
            if (brief.Tenant != input.Tenant)
            {
                mismatches.Add(new("/tenant", "uploadPath", $"The brief says tenant '{brief.Tenant}' but was uploaded under '{input.Tenant}/'.", input.Tenant));
            }

            if (brief.BriefId != input.BriefId)
            {
                mismatches.Add(new("/briefId", "uploadPath", $"The brief says id '{brief.BriefId}' but was uploaded under '{input.Tenant}/{input.BriefId}/'.", input.BriefId));
            }

            if (mismatches.Count > 0)
            {
                throw new BriefValidationException(mismatches);
            }

            string imagePath = BlobLayout.UploadPath(TenantId.Parse(input.Tenant), input.BriefId, brief.ProductImage);
            byte[] image = await ReadAsync(container.GetBlobClient(imagePath), BriefLimits.MaxImageBytes, "/productImage", null, ct).ConfigureAwait(false);
            ProductImageInfo info = ProductImageInspector.Inspect(image);
            return new ValidatedBrief(brief, info, imagePath, Sha256(briefBytes), Sha256(image), briefBytes.Length, image.Length);
        }
        catch (BriefValidationException ex)
        {
            BriefRejection rejection = BriefRejection.From(input.BriefPath, ex, DateTimeOffset.UtcNow);
            await container.GetBlobClient(BriefRejection.PathFor(input.BriefPath))
                .UploadAsync(BinaryData.FromBytes(rejection.ToUtf8Json()), overwrite: true, ct).ConfigureAwait(false);
            throw new RunFailedException(BriefValidationException.Code, ex.Message);
        }
    }

    /// <summary>Reads a blob of at most <paramref name="maxBytes"/>; a missing or oversized blob is a validation error at <paramref name="pointer"/>.</summary>
    private static async Task<byte[]> ReadAsync(BlobClient blob, int maxBytes, string pointer, string? etag, CancellationToken ct)
    {
        try
        {
            var conditions = etag is null ? null : new Azure.Storage.Blobs.Models.BlobRequestConditions { IfMatch = new ETag($"\"{etag}\"") };
            var props = (await blob.GetPropertiesAsync(conditions, ct).ConfigureAwait(false)).Value;
            if (props.ContentLength > maxBytes)
            {
                throw new BriefValidationException([new(pointer, "maxBytes", $"'{blob.Name}' is {props.ContentLength} bytes; the limit is {maxBytes}.", maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            }

            var download = await blob.DownloadContentAsync(new Azure.Storage.Blobs.Models.BlobDownloadOptions { Conditions = conditions }, ct).ConfigureAwait(false);
            return download.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new BriefValidationException([new(pointer, "exists", $"'{blob.Name}' does not exist in '{blob.BlobContainerName}' (upload the product image before brief.json).", null)]);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new BriefValidationException([new(pointer, "version", $"'{blob.Name}' was replaced after the upload this run was started for; the newer upload starts its own run.", null)]);
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
