namespace VideoGen.Pipeline.Notifications;

/// <summary>The CMS callback was not accepted: a final refusal (4xx other than 408/429, a redirect) or retries exhausted.</summary>
public sealed class CmsCallbackFailedException(string host, int attempts, int? lastStatus, string reason, bool retriesExhausted)
    : WebhookDeliveryException("CMS callback", host, attempts, lastStatus, reason, retriesExhausted);
