using Azure.Core;

namespace VideoGen.Pipeline.Safety;

/// <summary>Settings of <see cref="ContentSafetyClient"/> (Azure AI Content Safety REST API).</summary>
public sealed class ContentSafetyOptions
{
    /// <summary>
    /// Resource endpoint, e.g. <c>https://my-resource.cognitiveservices.azure.com/</c>; must pass the outbound
    /// allow-list. Required; no default.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Resource key, sent as <c>Ocp-Apim-Subscription-Key</c>. A secret: never logged. Exactly one of
    /// <see cref="ApiKey"/> and <see cref="Credential"/> must be set. Default: null.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Microsoft Entra credential (managed identity in Azure); tokens are requested for
    /// <see cref="ContentSafetyClient.TokenScope"/> and sent as a bearer token. Default: null.
    /// </summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>REST API version. Default: <c>2024-09-01</c>.</summary>
    public string ApiVersion { get; set; } = "2024-09-01";

    /// <summary>Categories to analyse; empty means all four (Hate, SelfHarm, Sexual, Violence). Default: empty.</summary>
    public IList<string> Categories { get; } = new List<string>();

    /// <summary>Text blocklists to check text against. Default: empty.</summary>
    public IList<string> BlocklistNames { get; } = new List<string>();

    /// <summary>Stop analysis at the first blocklist hit. Default: <c>false</c> (report severities too).</summary>
    public bool HaltOnBlocklistHit { get; set; }

    /// <summary>Retries after the first attempt on network errors, timeouts, 408, 429 and 5xx. Default: 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay, doubled each retry (a server's Retry-After wins when longer). Default: 0.8 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>Longest delay between retries. Default: 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for one attempt (response headers, then the body). Default: 30 s.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response body read; larger answers fail as unavailable. Default: 1 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}
