namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// Retry policy of the webhook clients (CMS callback, Teams): exponential back-off with jitter on network errors,
/// attempt timeouts, 408, 429 and 5xx; a server's Retry-After is honoured up to <see cref="MaxDelay"/>. Other
/// responses are final. Attempts and total time are both bounded.
/// </summary>
public sealed class HttpRetryOptions
{
    /// <summary>Attempts in all, the first included (1–20). Default: 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Base delay before the second attempt; doubles each time, each delay drawn from [½, 1] of its base. Default: 1 s.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between attempts, Retry-After included. Default: 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one attempt until response headers arrive. Default: 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>No new attempt starts when it would begin later than this after the first. Default: 2 min.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
