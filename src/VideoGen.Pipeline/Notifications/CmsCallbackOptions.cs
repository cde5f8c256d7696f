namespace VideoGen.Pipeline.Notifications;

/// <summary>Settings of <see cref="CmsCallbackNotifier"/>.</summary>
public sealed class CmsCallbackOptions
{
    /// <summary>
    /// Shared HMAC secret the CMS verifies signatures with (at least 32 characters). A secret: never logged.
    /// Required; no default.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>Retry policy. Default: see <see cref="HttpRetryOptions"/> (6 attempts, 1 s doubling to 30 s, 2 min in all).</summary>
    public HttpRetryOptions Retry { get; set; } = new();
}
