using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using VideoGen.Contracts;

namespace VideoGen.Pipeline.Policy;

/// <summary>
/// Tenants' prompt policy overrides, one JSON document per tenant at <c>policies/{tenant}/prompt-policy.json</c>
/// (format: <c>Policy/README.md</c>). <see cref="ForAsync"/> gives the policy a tenant's runs are screened with: the
/// default merged with the tenant's override, or the default when there is none. Documents are checked when saved
/// (<see cref="SaveAsync"/>) and again when read, so a document written to the blob directly that does not parse
/// fails the screening with the field named instead of silently falling back to the default.
/// Reads are conditional on the cached ETag: an unchanged override costs one 304.
/// </summary>
public sealed class TenantPolicyStore(BlobServiceClient blobs)
{
    /// <summary>Largest override document accepted (the policy reader's own limit).</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(BlobLayout.PoliciesContainer);
    private readonly ConcurrentDictionary<TenantId, (ETag ETag, PromptPolicy Effective)> _cache = new();

    /// <summary>The policy <paramref name="tenant"/>'s briefs are screened with.</summary>
    /// <exception cref="TenantPolicyInvalidException">The stored override does not parse or relaxes a locked category.</exception>
    public async Task<PromptPolicy> ForAsync(TenantId tenant, CancellationToken ct)
    {
        BlobClient blob = Blob(tenant);
        bool cached = _cache.TryGetValue(tenant, out var entry);
        try
        {
            var options = new BlobDownloadOptions { Conditions = cached ? new BlobRequestConditions { IfNoneMatch = entry.ETag } : null };
            Response<BlobDownloadStreamingResult> response = await blob.DownloadStreamingAsync(options, ct).ConfigureAwait(false);
            if (cached && response.GetRawResponse().Status == 304)
            {
                return entry.Effective; // not modified (the SDK answers a 304 without a value)
            }

            using BlobDownloadStreamingResult download = response.Value;
            PromptPolicy effective;
            try
            {
                effective = Effective(await ReadDocumentAsync(download, ct).ConfigureAwait(false));
            }
            catch (PolicyFormatException ex)
            {
                throw new TenantPolicyInvalidException(PathOf(tenant), ex);
            }

            _cache[tenant] = (download.Details.ETag, effective);
            return effective;
        }
        catch (RequestFailedException ex) when (ex.Status == 304 && cached)
        {
            return entry.Effective; // not modified, reported as an error by some SDK versions
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _cache.TryRemove(tenant, out _);
            return PromptPolicy.Default;
        }
    }

    /// <summary>
    /// Checks <paramref name="document"/> as an override of the default policy and stores it as
    /// <paramref name="tenant"/>'s. A changed document must carry a new <c>version</c> (decisions and the audit
    /// trail name the version they were made under). Returns the effective policy.
    /// </summary>
    /// <exception cref="PolicyFormatException">The document is invalid; <see cref="PolicyFormatException.Field"/> names the field.</exception>
    /// <exception cref="TenantPolicyVersionException">The stored override has the same version and different content.</exception>
    public async Task<PromptPolicy> SaveAsync(TenantId tenant, ReadOnlyMemory<byte> document, CancellationToken ct)
    {
        if (document.Length > MaxDocumentBytes)
        {
            throw new PolicyFormatException("", $"The document is {document.Length} bytes; the limit is {MaxDocumentBytes}.");
        }

        PromptPolicy tenantOverride = Load(document.ToArray());
        PromptPolicy effective = PromptPolicy.Default.WithOverride(tenantOverride);
        BlobClient blob = Blob(tenant);
        await _container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);

        BlobRequestConditions conditions;
        try
        {
            using BlobDownloadStreamingResult current = (await blob.DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
            byte[]? stored = await TryReadDocumentAsync(current, ct).ConfigureAwait(false);
            PromptPolicy? storedPolicy = stored is null ? null : TryLoad(stored);
            if (storedPolicy is not null && storedPolicy.Version == tenantOverride.Version && !stored.AsSpan().SequenceEqual(document.Span))
            {
                throw new TenantPolicyVersionException(tenant, tenantOverride.Version);
            }

            conditions = new BlobRequestConditions { IfMatch = current.Details.ETag }; // a concurrent save fails, not overwrites
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
        }

        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(document), new BlobUploadOptions
            {
                Conditions = conditions,
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new TenantPolicyConflictException(tenant, ex);
        }

        return effective;
    }

    /// <summary>
    /// The stored override document of <paramref name="tenant"/> (null when it has none) and the effective policy, from
    /// one bounded read; <c>Problem</c> is set, and <c>Effective</c> null, when the stored document is invalid.
    /// </summary>
    public async Task<StoredTenantPolicy> GetAsync(TenantId tenant, CancellationToken ct)
    {
        BlobDownloadStreamingResult download;
        try
        {
            download = (await Blob(tenant).DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new StoredTenantPolicy(null, PromptPolicy.Default, null);
        }

        using (download)
        {
            byte[] document;
            try
            {
                document = await ReadDocumentAsync(download, ct).ConfigureAwait(false);
            }
            catch (PolicyFormatException ex)
            {
                return new StoredTenantPolicy(null, null, new TenantPolicyInvalidException(PathOf(tenant), ex)); // too large to show
            }

            try
            {
                return new StoredTenantPolicy(BinaryData.FromBytes(document), Effective(document), null);
            }
            catch (PolicyFormatException ex)
            {
                return new StoredTenantPolicy(BinaryData.FromBytes(document), null, new TenantPolicyInvalidException(PathOf(tenant), ex));
            }
        }
    }

    /// <summary>Removes <paramref name="tenant"/>'s override (its runs go back to the default). False when it had none.</summary>
    public async Task<bool> DeleteAsync(TenantId tenant, CancellationToken ct)
    {
        try
        {
            return (await Blob(tenant).DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false; // the container does not exist: nothing was ever saved
        }
    }

    private BlobClient Blob(TenantId tenant) => _container.GetBlobClient(BlobLayout.TenantPolicyPath(tenant));

    /// <summary>Where a tenant's document is, as error messages name it.</summary>
    private static string PathOf(TenantId tenant) => $"{BlobLayout.PoliciesContainer}/{BlobLayout.TenantPolicyPath(tenant)}";

    /// <summary>The default merged with <paramref name="document"/>.</summary>
    private static PromptPolicy Effective(byte[] document) => PromptPolicy.Default.WithOverride(Load(document));

    /// <summary>A downloaded document, at most <see cref="MaxDocumentBytes"/> (refused unread when its length says more).</summary>
    /// <exception cref="PolicyFormatException">The document is over the limit.</exception>
    private static async Task<byte[]> ReadDocumentAsync(BlobDownloadStreamingResult download, CancellationToken ct)
    {
        if (download.Details.ContentLength > MaxDocumentBytes)
        {
            throw new PolicyFormatException("", $"The document is {download.Details.ContentLength} bytes; the limit is {MaxDocumentBytes}.");
        }

        return await ReadBoundedAsync(download.Content, ct).ConfigureAwait(false);
    }

    private static async Task<byte[]?> TryReadDocumentAsync(BlobDownloadStreamingResult download, CancellationToken ct)
    {
        try
        {
            return await ReadDocumentAsync(download, ct).ConfigureAwait(false);
        }
        catch (PolicyFormatException)
        {
            return null; // an oversized stored document may be replaced by any valid one
        }
    }

    private static PromptPolicy Load(byte[] document)
    {
        using var stream = new MemoryStream(document, writable: false);
        return PromptPolicy.Load(stream);
    }

    private static PromptPolicy? TryLoad(byte[] document)
    {
        try
        {
            return Load(document);
        }
        catch (PolicyFormatException)
        {
            return null; // a broken stored document may be replaced by any valid one
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                throw new PolicyFormatException("", $"The document is larger than the limit of {MaxDocumentBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>What a tenant has stored: the document (null: none), the effective policy, or why the document is invalid.</summary>
public sealed record StoredTenantPolicy(BinaryData? Document, PromptPolicy? Effective, TenantPolicyInvalidException? Problem);

/// <summary>A tenant's stored policy override is invalid: runs of that tenant cannot be screened until it is fixed.</summary>
public sealed class TenantPolicyInvalidException(string blobPath, PolicyFormatException inner)
    : Exception($"The tenant policy override {blobPath} is invalid: {inner.Message} Fix or delete it (PUT or DELETE /api/policy).", inner)
{
    /// <summary>Where the document is (<c>policies/{tenant}/prompt-policy.json</c>).</summary>
    public string BlobPath { get; } = blobPath;

    /// <summary>JSON pointer of the offending field.</summary>
    public string Field => inner.Field;
}

/// <summary>A changed policy override was saved with the version the stored one already has.</summary>
public sealed class TenantPolicyVersionException(TenantId tenant, string version)
    : Exception($"Tenant '{tenant}' already has a different policy override with version '{version}': give the changed document a new version.")
{
    /// <summary>The version both documents carry.</summary>
    public string Version { get; } = version;
}

/// <summary>Another save of the same tenant's override landed between reading and writing it.</summary>
public sealed class TenantPolicyConflictException(TenantId tenant, Exception inner)
    : Exception($"Tenant '{tenant}''s policy override changed while this one was being saved; read it again and retry.", inner);
