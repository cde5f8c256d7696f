using Azure.Core;

namespace VideoGen.Pipeline.Safety;

/// <summary>Azure.Core client options for <see cref="ContentSafetyClient"/>: retries and the transport.</summary>
public sealed class ContentSafetyClientOptions : ClientOptions
{
    /// <summary>Creates options from the component settings (retry count, delays, per-attempt timeout).</summary>
    public ContentSafetyClientOptions(ContentSafetyOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = settings.MaxRetries;
        Retry.Delay = settings.RetryDelay;
        Retry.MaxDelay = settings.MaxRetryDelay;
        Retry.NetworkTimeout = settings.NetworkTimeout;
        Diagnostics.ApplicationId = "videogen";
        Diagnostics.IsLoggingContentEnabled = false;
    }
}
