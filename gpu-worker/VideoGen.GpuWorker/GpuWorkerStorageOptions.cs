namespace VideoGen.GpuWorker;

/// <summary>
/// The identity-based form of the worker's storage connection, bound from <c>GpuWorker:Storage</c> (environment
/// <c>GpuWorker__Storage__blobServiceUri</c> …): the same shape as the function app's <c>AzureWebJobsStorage__*</c>
/// settings. Used when <see cref="GpuWorkerOptions.StorageConnectionString"/> is empty; the clients then authenticate
/// with a token credential (a managed identity in Azure) instead of an account key.
/// </summary>
public sealed class GpuWorkerStorageOptions
{
    /// <summary>The sub-section these settings bind from, under <see cref="GpuWorkerOptions.SectionName"/>.</summary>
    public const string SectionName = "Storage";

    /// <summary>The <see cref="Credential"/> value that selects <c>ManagedIdentityCredential</c>.</summary>
    public const string ManagedIdentity = "managedidentity";

    /// <summary>Configuration key of <see cref="BlobServiceUri"/>, as the Functions convention spells it.</summary>
    public const string BlobServiceUriKey = "blobServiceUri";

    /// <summary>Configuration key of <see cref="QueueServiceUri"/>.</summary>
    public const string QueueServiceUriKey = "queueServiceUri";

    /// <summary>Configuration key of <see cref="Credential"/>.</summary>
    public const string CredentialKey = "credential";

    /// <summary>Configuration key of <see cref="ClientId"/>.</summary>
    public const string ClientIdKey = "clientId";

    /// <summary>Blob service endpoint, e.g. <c>https://{account}.blob.core.windows.net/</c>. HTTPS only (tokens are never sent in the clear).</summary>
    public string BlobServiceUri { get; set; } = string.Empty;

    /// <summary>Queue service endpoint, e.g. <c>https://{account}.queue.core.windows.net/</c>. HTTPS only.</summary>
    public string QueueServiceUri { get; set; } = string.Empty;

    /// <summary>
    /// <c>managedidentity</c>: <c>ManagedIdentityCredential</c>, the user-assigned identity <see cref="ClientId"/> or,
    /// without one, the system-assigned identity. Empty: <c>DefaultAzureCredential</c> (environment, workload identity,
    /// managed identity with <see cref="ClientId"/> or <c>AZURE_CLIENT_ID</c>, developer sign-ins). Nothing else.
    /// </summary>
    public string Credential { get; set; } = string.Empty;

    /// <summary>Client id (a GUID) of the user-assigned managed identity; optional.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Whether <see cref="Credential"/> selects <c>ManagedIdentityCredential</c> (case-insensitive).</summary>
    public bool UsesManagedIdentityCredential => string.Equals(Credential.Trim(), ManagedIdentity, StringComparison.OrdinalIgnoreCase);

    /// <summary>The full configuration keys (<c>GpuWorker:Storage:…</c>) of the settings that have a value.</summary>
    public IReadOnlyList<string> SetKeys() =>
        [.. new[] { (BlobServiceUriKey, BlobServiceUri), (QueueServiceUriKey, QueueServiceUri), (CredentialKey, Credential), (ClientIdKey, ClientId) }
            .Where(s => !string.IsNullOrWhiteSpace(s.Item2))
            .Select(s => Key(s.Item1))];

    /// <summary>The full configuration key of setting <paramref name="name"/>, e.g. <c>GpuWorker:Storage:queueServiceUri</c>.</summary>
    public static string Key(string name) => $"{GpuWorkerOptions.SectionName}:{SectionName}:{name}";

    /// <summary>
    /// The problems of these settings as the identity-based form (both endpoints present, absolute HTTPS, a known
    /// credential, a GUID client id), each naming its key; empty when they are complete.
    /// </summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var missing = new[] { (BlobServiceUriKey, BlobServiceUri), (QueueServiceUriKey, QueueServiceUri) }
            .Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => Key(s.Item1)).ToList();
        if (missing.Count > 0)
        {
            var set = SetKeys();
            problems.Add($"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} missing: identity-based storage needs both " +
                $"{Key(BlobServiceUriKey)} and {Key(QueueServiceUriKey)} (set: {string.Join(", ", set)}); " +
                $"or set {GpuWorkerOptions.SectionName}:{nameof(GpuWorkerOptions.StorageConnectionString)} instead.");
        }
        foreach (var (name, value) in new[] { (BlobServiceUriKey, BlobServiceUri), (QueueServiceUriKey, QueueServiceUri) })
        {
            if (!string.IsNullOrWhiteSpace(value) && EndpointProblem(value) is { } problem)
            {
                problems.Add($"{Key(name)} '{WithoutQuery(value)}' {problem}");
            }
        }
        if (!string.IsNullOrWhiteSpace(Credential) && !UsesManagedIdentityCredential)
        {
            problems.Add($"{Key(CredentialKey)} '{Credential}' is not supported: '{ManagedIdentity}' for a managed identity, or empty for DefaultAzureCredential.");
        }
        if (!string.IsNullOrWhiteSpace(ClientId) && !Guid.TryParse(ClientId.Trim(), out _))
        {
            problems.Add($"{Key(ClientIdKey)} '{ClientId}' is not a client id (a GUID, the user-assigned identity's clientId).");
        }
        return problems;
    }

    /// <summary>The value up to its query or fragment, so a SAS given by mistake never reaches a message.</summary>
    private static string WithoutQuery(string value)
    {
        var end = value.AsSpan().IndexOfAny('?', '#');
        return end < 0 ? value.Trim() : value[..end].Trim() + "?…";
    }

    private static string? EndpointProblem(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri))
        {
            return "is not an absolute URI.";
        }
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return "must be an https:// URI: a token credential is only sent over HTTPS.";
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return "must not carry a query or fragment (a SAS does not go with a token credential).";
        }
        return null;
    }
}
