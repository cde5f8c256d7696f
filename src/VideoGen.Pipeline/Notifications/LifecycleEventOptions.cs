namespace VideoGen.Pipeline.Notifications;

/// <summary>Settings of <see cref="LifecycleEventPublisher"/> (an Event Grid topic in the CloudEvents 1.0 schema).</summary>
public sealed class LifecycleEventOptions
{
    /// <summary>
    /// Topic endpoint, e.g. <c>https://videogen-events.westeurope-1.eventgrid.azure.net/api/events</c>; in local mode
    /// a loopback webhook sink. Must pass the outbound allow-list. Required; no default.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Topic access key, sent as <c>aeg-sas-key</c>. A secret: never logged. Required; no default.</summary>
    public string? AccessKey { get; set; }

    /// <summary>Retries after the first attempt on network errors, 408, 429 and 5xx. Default: 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay, doubling. Default: 0.8 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>Longest retry delay. Default: 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for one attempt. Default: 30 s.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
