namespace VideoGen.Contracts;

/// <summary>
/// Where things live in Blob Storage. Every path starts with the tenant id, so a tenant's credentials or
/// SAS can be scoped to its prefix and a query for one tenant can never list another's blobs.
/// </summary>
public static class BlobLayout
{
    /// <summary>Container the CMS uploads briefs and product photos to.</summary>
    public const string CmsUploadsContainer = "cms-uploads";

    /// <summary>Container of published videos, thumbnails and provenance manifests.</summary>
    public const string PublishedContainer = "published";

    /// <summary>Container of tenant settings: <c>{tenant}/prompt-policy.json</c>, the tenant's prompt policy override.</summary>
    public const string PoliciesContainer = "policies";

    /// <summary><c>{tenant}/prompt-policy.json</c> in <see cref="PoliciesContainer"/>.</summary>
    public static string TenantPolicyPath(TenantId tenant) => $"{tenant}/prompt-policy.json";

    /// <summary>File name of a brief inside its folder.</summary>
    public const string BriefFileName = "brief.json";

    /// <summary><c>{tenant}/{briefId}/brief.json</c> in <see cref="CmsUploadsContainer"/>.</summary>
    public static string BriefPath(TenantId tenant, string briefId) => $"{tenant}/{CheckSegment(briefId, nameof(briefId))}/{BriefFileName}";

    /// <summary><c>{tenant}/{briefId}/{fileName}</c> in <see cref="CmsUploadsContainer"/>.</summary>
    public static string UploadPath(TenantId tenant, string briefId, string fileName)
        => $"{tenant}/{CheckSegment(briefId, nameof(briefId))}/{CheckSegment(fileName, nameof(fileName))}";

    /// <summary><c>{tenant}/{briefId}/{runId}/{fileName}</c> in <see cref="PublishedContainer"/>.</summary>
    public static string PublishedPath(TenantId tenant, string briefId, string runId, string fileName)
        => $"{tenant}/{CheckSegment(briefId, nameof(briefId))}/{CheckSegment(runId, nameof(runId))}/{CheckSegment(fileName, nameof(fileName))}";

    /// <summary>
    /// Splits <c>{tenant}/{briefId}/{fileName}</c> (a path in <see cref="CmsUploadsContainer"/>); throws
    /// <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static (TenantId Tenant, string BriefId, string FileName) ParseUploadPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] parts = path.Split('/');
        if (parts.Length != 3)
        {
            throw new FormatException($"Upload path '{path}' must have the form {{tenant}}/{{briefId}}/{{fileName}}.");
        }

        return (TenantId.Parse(parts[0]), CheckSegment(parts[1], "briefId"), CheckSegment(parts[2], "fileName"));
    }

    /// <summary>A path segment: 1–128 chars of letters, digits, '.', '_' and '-', and not "." or "..".</summary>
    public static string CheckSegment(string segment, string name)
    {
        ArgumentNullException.ThrowIfNull(segment, name);
        bool ok = segment.Length is >= 1 and <= 128 && segment is not "." and not ".."
            && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
        return ok ? segment : throw new FormatException(
            $"{name} '{(segment.Length > 80 ? segment[..80] + "…" : segment)}' is invalid: use 1–128 letters, digits, '.', '_' or '-'.");
    }
}
