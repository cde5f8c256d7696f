namespace VideoGen.Pipeline.Notifications;

/// <summary>Settings of <see cref="TeamsWorkflowClient"/>.</summary>
public sealed class TeamsOptions
{
    /// <summary>Retry policy. Default: see <see cref="HttpRetryOptions"/> (6 attempts, 1 s doubling to 30 s, 2 min in all).</summary>
    public HttpRetryOptions Retry { get; set; } = new();

    /// <summary>Largest message posted; Teams refuses messages over about 28 KB. Default: 28,000 bytes.</summary>
    public int MaxMessageBytes { get; set; } = 28_000;
}
