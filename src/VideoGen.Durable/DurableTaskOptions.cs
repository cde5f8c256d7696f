using System.Text.RegularExpressions;

namespace VideoGen.Durable;

/// <summary>
/// Settings of the engine: where it stores state and how a host processes work. Bound and validated at
/// start-up (<see cref="Validate"/>); every default is stated here.
/// </summary>
public sealed partial class DurableTaskOptions
{
    /// <summary>Azure Storage connection string (Azurite locally). Required.</summary>
    public string StorageConnectionString { get; set; } = "";

    /// <summary>Task hub name: prefixes every table, queue and container. Letters and digits, 3–45 chars. Default <c>VideoGenHub</c>.</summary>
    public string HubName { get; set; } = "VideoGenHub";

    /// <summary>Number of control queues; instances are hashed onto them. 1–16, default 4. Fixed for the life of a hub.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>How long a dequeued control message stays hidden; a dead host's work reappears after this. Default 60 s.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a dequeued work item stays hidden; renewed at half this while the activity runs. Default 60 s.</summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages fetched per control-queue poll (max 32). Default 32.</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>Orchestration episodes run at once by one host. Default 32.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 32;

    /// <summary>Activities run at once by one host. Default 16.</summary>
    public int MaxConcurrentActivities { get; set; } = 16;

    /// <summary>Longest wait between polls of an idle queue; bounds idle start latency. Default 1 s.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A message dequeued more often than this is moved to the poison queue. Default 5.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages and history values larger than this (bytes of JSON) go to the large-message container. Default 45 KB.</summary>
    public int LargePayloadThresholdBytes { get; set; } = 45 * 1024;

    /// <summary>How long a stopping host waits for in-flight work before releasing it. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Instances whose history a host keeps in memory between episodes. Default 1000.</summary>
    public int InstanceCacheSize { get; set; } = 1000;

    /// <summary>
    /// Longest visibility delay a timer message is sent with; a timer due later is re-armed on arrival.
    /// Azure Queues allow 7 days; default 6 days 23 hours. Tests lower it to exercise re-arming.
    /// </summary>
    public TimeSpan MaxTimerVisibilityDelay { get; set; } = TimeSpan.FromDays(7) - TimeSpan.FromHours(1);

    /// <summary>
    /// When an activity finishes, hand its result straight to this host's session for the instance instead
    /// of a control-queue round trip; the work item is deleted only after the result is committed, so a crash
    /// re-runs the activity (at-least-once, as always). Default true.
    /// </summary>
    public bool DeliverActivityResultsLocally { get; set; } = true;

    /// <summary>
    /// When an activity slot is free, the host whose commit schedules an activity runs it at once instead of
    /// waiting for a poller to dequeue it. The work item is still written (hidden for
    /// <see cref="WorkItemVisibilityTimeout"/>, renewed while running) and deleted only after the result is
    /// committed, so a crash loses nothing. Default true.
    /// </summary>
    public bool ExecuteActivitiesLocally { get; set; } = true;

    /// <summary>Whether this process runs a worker (pollers). Client-only processes set false.</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(StorageConnectionString))
        {
            throw new ArgumentException("DurableTask:StorageConnectionString is required (for local development use Azurite).", nameof(StorageConnectionString));
        }

        if (!HubNamePattern().IsMatch(HubName))
        {
            throw new ArgumentException($"DurableTask:HubName '{HubName}' is invalid: use 3–45 letters and digits, starting with a letter.", nameof(HubName));
        }

        Require(PartitionCount is >= 1 and <= 16, nameof(PartitionCount), "must be between 1 and 16");
        Require(ControlQueueVisibilityTimeout >= TimeSpan.FromSeconds(1), nameof(ControlQueueVisibilityTimeout), "must be at least 1 s");
        Require(WorkItemVisibilityTimeout >= TimeSpan.FromSeconds(1), nameof(WorkItemVisibilityTimeout), "must be at least 1 s");
        Require(ControlQueueBatchSize is >= 1 and <= 32, nameof(ControlQueueBatchSize), "must be between 1 and 32");
        Require(MaxConcurrentOrchestrations >= 1, nameof(MaxConcurrentOrchestrations), "must be at least 1");
        Require(MaxConcurrentActivities >= 1, nameof(MaxConcurrentActivities), "must be at least 1");
        Require(MaxPollingInterval > TimeSpan.Zero, nameof(MaxPollingInterval), "must be positive");
        Require(MaxDequeueCount >= 1, nameof(MaxDequeueCount), "must be at least 1");
        Require(LargePayloadThresholdBytes is >= 1024 and <= 48 * 1024, nameof(LargePayloadThresholdBytes), "must be between 1 KB and 48 KB");
        // Queues count visibility in whole seconds: under 1 s would be sent as 0 and re-arm the timer in a busy loop.
        Require(MaxTimerVisibilityDelay >= TimeSpan.FromSeconds(1) && MaxTimerVisibilityDelay < TimeSpan.FromDays(7), nameof(MaxTimerVisibilityDelay), "must be at least 1 s (queues count whole seconds) and under 7 days");
        Require(InstanceCacheSize >= 0, nameof(InstanceCacheSize), "must not be negative");
    }

    private static void Require(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"DurableTask:{name} {rule}.", name);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubNamePattern();
}
