using System.Text.Json;

namespace VideoGen.Functions.Hosting;

/// <summary>The queue settings of host.json (<c>extensions.queues</c>) that local mode applies as the host would.</summary>
/// <param name="BatchSize">Messages fetched per poll and run at once per queue (host default 16).</param>
/// <param name="MaxDequeueCount">Dequeues before a message moves to <c>{queue}-poison</c> (host default 5).</param>
/// <param name="VisibilityTimeout">Delay before a failed message is retried (host default 0).</param>
public sealed record HostQueueSettings(int BatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout)
{
    /// <summary>The host's defaults.</summary>
    public static HostQueueSettings Defaults { get; } = new(16, 5, TimeSpan.Zero);

    /// <summary>Reads <c>extensions.queues</c> from a host.json file; absent values keep the host's defaults.</summary>
    public static HostQueueSettings Load(string hostJsonPath)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(hostJsonPath));
        if (!doc.RootElement.TryGetProperty("extensions", out JsonElement ext) || !ext.TryGetProperty("queues", out JsonElement q))
        {
            return Defaults;
        }

        return new HostQueueSettings(
            q.TryGetProperty("batchSize", out JsonElement b) ? b.GetInt32() : Defaults.BatchSize,
            q.TryGetProperty("maxDequeueCount", out JsonElement d) ? d.GetInt32() : Defaults.MaxDequeueCount,
            q.TryGetProperty("visibilityTimeout", out JsonElement v) ? TimeSpan.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : Defaults.VisibilityTimeout);
    }
}
