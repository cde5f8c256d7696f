using System.Text.Json.Nodes;

namespace VideoGen.DurableHost;

/// <summary>
/// The engine settings of the local host. They are the same values the Durable Functions extension reads from
/// <c>host.json</c> (<c>extensions.durableTask</c>) in Azure, so one file drives both hosts:
/// <see cref="FromHostJson"/> reads them; app settings under <c>DurableTask</c> may override them locally.
/// </summary>
public sealed class DurableHostOptions
{
    /// <summary>Task hub name (<c>durableTask.hubName</c>). Default <c>VideoGenHub</c>.</summary>
    public string HubName { get; set; } = "VideoGenHub";

    /// <summary>Control-queue partitions (<c>storageProvider.partitionCount</c>, 1–16). Default 4 (Durable Functions' default).</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Longest wait between polls of an idle queue (<c>storageProvider.maxQueuePollingInterval</c>). Default 30 s.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages fetched per control-queue poll (<c>storageProvider.controlQueueBatchSize</c>). Default 32.</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>Keep orchestration histories in memory between episodes (<c>extendedSessionsEnabled</c>). Default false.</summary>
    public bool ExtendedSessionsEnabled { get; set; }

    /// <summary>How long an idle extended session is kept (<c>extendedSessionIdleTimeoutInSeconds</c>). Default 30 s.</summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Activities run at once on this host (<c>maxConcurrentActivityFunctions</c>). Default 10 × cores.</summary>
    public int MaxConcurrentActivities { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Orchestration episodes run at once on this host (<c>maxConcurrentOrchestratorFunctions</c>). Default 10 × cores.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>
    /// Partition ownership through the instances table instead of blob leases (<c>storageProvider.useTablePartitionManagement</c>).
    /// Default false here: a first probe saw its 2-second table timeout stall fan-outs on Azurite.
    /// </summary>
    public bool UseTablePartitionManagement { get; set; }

    /// <summary>Control-queue message visibility while an episode runs. Default 5 min (DTFx's default).</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Work-item message visibility while an activity runs (renewed while it runs). Default 5 min (DTFx's default).</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Activity fetch loops of the local worker (DTFx's <c>TaskActivityDispatcherCount</c>, which the Azure Storage
    /// provider fixes at 1; see <see cref="DispatcherTuningService"/>). Local-only: the Durable extension's host.json has
    /// no such key, so <see cref="FromHostJson"/> leaves it at its default; set it under <c>DurableTask</c> in app settings.
    /// Each loop polls the work-item queue on its own when idle (about one poll per <see cref="MaxQueuePollingInterval"/>
    /// each). Default 2: on Azurite, bench/VideoGen.Engine.Bench measured a 200-activity fan-out 1.2–2× as fast as with
    /// the provider's single loop (results come back in bursts, so the orchestration checkpoints ~10 of them per episode
    /// instead of ~2: 5.5 instead of 7.1 storage requests per activity), no change to the sequential hop, and one more
    /// idle poll per polling interval; 4 or 8 loops gained nothing more (Azurite's single Node.js thread is the bound).
    /// </summary>
    public int ActivityDispatcherCount { get; set; } = 2;

    /// <summary>
    /// Orchestration fetch loops of the local worker (DTFx's <c>TaskOrchestrationDispatcherCount</c>, 1 in the provider).
    /// Local-only, like <see cref="ActivityDispatcherCount"/>. Default 1.
    /// </summary>
    public int OrchestrationDispatcherCount { get; set; } = 1;

    /// <summary>Longest wait for storage to answer at start-up before giving up; zero waits for ever. Default zero.</summary>
    public TimeSpan StorageWaitLimit { get; set; } = TimeSpan.Zero;

    /// <summary>Copies every setting to <paramref name="target"/> (an options instance the options system created).</summary>
    public void CopyTo(DurableHostOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (System.Reflection.PropertyInfo p in typeof(DurableHostOptions).GetProperties().Where(p => p.CanWrite))
        {
            p.SetValue(target, p.GetValue(this));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(HubName) || HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(HubName[0]) || !HubName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"DurableTask:HubName '{HubName}' must be 3-45 letters and digits, starting with a letter (it names tables and queues).", nameof(HubName));
        }

        if (PartitionCount is < 1 or > 16)
        {
            throw new ArgumentException($"DurableTask:PartitionCount {PartitionCount} must be 1-16.", nameof(PartitionCount));
        }

        if (MaxQueuePollingInterval < TimeSpan.FromMilliseconds(10) || ControlQueueBatchSize is < 1 or > 32
            || MaxConcurrentActivities < 1 || MaxConcurrentOrchestrations < 1)
        {
            throw new ArgumentException("DurableTask: MaxQueuePollingInterval must be at least 10 ms, ControlQueueBatchSize 1-32, and concurrency at least 1.");
        }

        if (ActivityDispatcherCount is < 1 or > 64 || OrchestrationDispatcherCount is < 1 or > 64)
        {
            throw new ArgumentException($"DurableTask:ActivityDispatcherCount {ActivityDispatcherCount} and OrchestrationDispatcherCount {OrchestrationDispatcherCount} must be 1-64.");
        }
    }

    /// <summary>
    /// Reads <c>extensions.durableTask</c> of a Functions <c>host.json</c> (the keys the Durable extension documents):
    /// <c>hubName</c>, <c>extendedSessionsEnabled</c>, <c>extendedSessionIdleTimeoutInSeconds</c>,
    /// <c>maxConcurrentActivityFunctions</c>, <c>maxConcurrentOrchestratorFunctions</c>, and under <c>storageProvider</c>:
    /// <c>partitionCount</c>, <c>maxQueuePollingInterval</c>, <c>controlQueueBatchSize</c>, <c>useTablePartitionManagement</c>,
    /// <c>controlQueueVisibilityTimeout</c>, <c>workItemQueueVisibilityTimeout</c>. Keys it does not name keep their defaults,
    /// as do the local-only settings (<see cref="ActivityDispatcherCount"/>, <see cref="OrchestrationDispatcherCount"/>).
    /// </summary>
    public static DurableHostOptions FromHostJson(string path)
    {
        var o = new DurableHostOptions();
        if (JsonNode.Parse(File.ReadAllText(path))?["extensions"]?["durableTask"] is not JsonObject dt)
        {
            return o;
        }

        o.HubName = (string?)dt["hubName"] ?? o.HubName;
        o.ExtendedSessionsEnabled = (bool?)dt["extendedSessionsEnabled"] ?? o.ExtendedSessionsEnabled;
        o.ExtendedSessionIdleTimeout = dt["extendedSessionIdleTimeoutInSeconds"] is { } idle ? TimeSpan.FromSeconds((int)idle) : o.ExtendedSessionIdleTimeout;
        o.MaxConcurrentActivities = (int?)dt["maxConcurrentActivityFunctions"] ?? o.MaxConcurrentActivities;
        o.MaxConcurrentOrchestrations = (int?)dt["maxConcurrentOrchestratorFunctions"] ?? o.MaxConcurrentOrchestrations;
        if (dt["storageProvider"] is JsonObject sp)
        {
            o.PartitionCount = (int?)sp["partitionCount"] ?? o.PartitionCount;
            o.MaxQueuePollingInterval = sp["maxQueuePollingInterval"] is { } poll ? TimeSpan.Parse((string)poll!, System.Globalization.CultureInfo.InvariantCulture) : o.MaxQueuePollingInterval;
            o.ControlQueueBatchSize = (int?)sp["controlQueueBatchSize"] ?? o.ControlQueueBatchSize;
            o.UseTablePartitionManagement = (bool?)sp["useTablePartitionManagement"] ?? o.UseTablePartitionManagement;
            o.ControlQueueVisibilityTimeout = sp["controlQueueVisibilityTimeout"] is { } cv ? TimeSpan.Parse((string)cv!, System.Globalization.CultureInfo.InvariantCulture) : o.ControlQueueVisibilityTimeout;
            o.WorkItemQueueVisibilityTimeout = sp["workItemQueueVisibilityTimeout"] is { } wv ? TimeSpan.Parse((string)wv!, System.Globalization.CultureInfo.InvariantCulture) : o.WorkItemQueueVisibilityTimeout;
        }

        return o;
    }
}
