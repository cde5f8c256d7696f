namespace VideoGen.Pipeline.Notifications;

/// <summary>The CMS callback was not accepted: a final refusal (4xx other than 408/429, a redirect) or retries exhausted.</summary>
public sealed class CmsCallbackFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CmsCallbackFailedException(string host, int attempts, int? lastStatus, string reason, bool retriesExhausted)
        : base($"CMS callback to host '{host}' failed after {attempts} attempt(s), last status {(lastStatus is { } s ? "HTTP " + s : "none")}: {reason}" +
               (retriesExhausted ? " (retries exhausted)" : " (not retryable)"))
    {
        Host = host;
        Attempts = attempts;
        LastStatus = lastStatus;
        RetriesExhausted = retriesExhausted;
    }

    /// <summary>Host of the callback URL.</summary>
    public string Host { get; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; }

    /// <summary>Last HTTP status received, or null when no response arrived.</summary>
    public int? LastStatus { get; }

    /// <summary>True when retries ran out; false when the CMS refused in a way retrying cannot fix.</summary>
    public bool RetriesExhausted { get; }
}
