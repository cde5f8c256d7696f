namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// A webhook post was not accepted: a final refusal (4xx other than 408/429, a redirect), a message refused before
/// sending, or retries exhausted (see <c>RetryingHttpSender</c>). Each client throws its own subtype.
/// </summary>
public abstract class WebhookDeliveryException : Exception
{
    /// <summary>Creates the exception; <paramref name="what"/> names the post in the message ("CMS callback").</summary>
    protected WebhookDeliveryException(string what, string host, int attempts, int? lastStatus, string reason, bool retriesExhausted)
        : base($"{what} to host '{host}' failed after {attempts} attempt(s), last status {(lastStatus is { } s ? "HTTP " + s : "none")}: {reason}" +
               (retriesExhausted ? " (retries exhausted)" : " (not retryable)"))
    {
        Host = host;
        Attempts = attempts;
        LastStatus = lastStatus;
        RetriesExhausted = retriesExhausted;
    }

    /// <summary>Host of the webhook URL (the only part of it ever shown).</summary>
    public string Host { get; }

    /// <summary>Attempts made (0 when refused before sending).</summary>
    public int Attempts { get; }

    /// <summary>Last HTTP status received, or null when no response arrived.</summary>
    public int? LastStatus { get; }

    /// <summary>True when retries ran out; false when the post was refused in a way retrying cannot fix.</summary>
    public bool RetriesExhausted { get; }
}
