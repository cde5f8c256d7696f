namespace VideoGen.Functions.Hosting;

/// <summary>
/// Settings of the function app (section <c>VideoGen</c>; in Azure app settings <c>VideoGen__Name</c>). Validated at
/// start-up; every default is stated here and in <c>local.settings.sample.json</c>.
/// </summary>
public sealed class FunctionAppOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "VideoGen";

    /// <summary>Task hub of the durable engine. Default <c>VideoGenHub</c>; the queue names in the durable function.json files follow it.</summary>
    public string HubName { get; set; } = "VideoGenHub";

    /// <summary>Key with access to every tenant's runs (operators). Empty: no admin key.</summary>
    public string AdminKey { get; set; } = "";

    /// <summary>API keys by tenant id: a caller presenting one sees and starts only that tenant's runs.</summary>
    public Dictionary<string, string> TenantKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Largest <c>brief.json</c> accepted by <c>POST /api/briefs</c>. Default 64 KiB (the brief contract's limit).</summary>
    public int MaxBriefBytes { get; set; } = 64 * 1024;

    /// <summary>Largest product image accepted by <c>POST /api/briefs</c>. Default 10 MiB (the brief contract's limit).</summary>
    public int MaxImageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest event payload accepted by the raise-event API. Default 256 KiB.</summary>
    public int MaxEventBytes { get; set; } = 256 * 1024;

    /// <summary>Local mode: watch <c>cms-uploads</c> for new <c>brief.json</c> blobs. Default true.</summary>
    public bool WatchUploads { get; set; } = true;

    /// <summary>Local mode: how often the upload watcher lists <c>cms-uploads</c>. Default 1 s.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Local mode: longest wait between polls of an idle queue. Default 1 s (the engine's idle-start bound).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Local mode: how long a polled message stays hidden while its invocation runs (renewed at half). A killed app's
    /// messages reappear after this. Default 60 s.
    /// </summary>
    public TimeSpan LocalQueueLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        foreach ((string tenant, string key) in TenantKeys)
        {
            if (!VideoGen.Contracts.TenantId.TryParse(tenant, out _))
            {
                throw new ArgumentException($"VideoGen:TenantKeys:{tenant} names an invalid tenant id.", nameof(TenantKeys));
            }

            if (key.Length < 16)
            {
                throw new ArgumentException($"VideoGen:TenantKeys:{tenant} must be at least 16 characters.", nameof(TenantKeys));
            }
        }

        if (AdminKey.Length is > 0 and < 16)
        {
            throw new ArgumentException("VideoGen:AdminKey must be at least 16 characters (or empty for none).", nameof(AdminKey));
        }

        if (MaxBriefBytes <= 0 || MaxImageBytes <= 0 || MaxEventBytes <= 0)
        {
            throw new ArgumentException("VideoGen:MaxBriefBytes, MaxImageBytes and MaxEventBytes must be positive.");
        }

        if (WatchInterval <= TimeSpan.Zero || MaxPollingInterval <= TimeSpan.Zero || LocalQueueLease < TimeSpan.FromSeconds(2))
        {
            throw new ArgumentException("VideoGen:WatchInterval and MaxPollingInterval must be positive, and LocalQueueLease at least 2 s.");
        }
    }
}
