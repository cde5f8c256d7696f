using System.Text.Json.Serialization;

namespace VideoGen.Pipeline.Notifications;

/// <summary>The lifecycle events of a brief-to-publish run; the CloudEvent type is <c>VideoGen.Run.{name}</c>.</summary>
public enum LifecycleEventType
{
    /// <summary><c>VideoGen.Run.Started</c>.</summary>
    Started,

    /// <summary><c>VideoGen.Run.PreviewReady</c>.</summary>
    PreviewReady,

    /// <summary><c>VideoGen.Run.ReviewRequested</c>.</summary>
    ReviewRequested,

    /// <summary><c>VideoGen.Run.Approved</c>.</summary>
    Approved,

    /// <summary><c>VideoGen.Run.Rejected</c>.</summary>
    Rejected,

    /// <summary><c>VideoGen.Run.Published</c>.</summary>
    Published,

    /// <summary><c>VideoGen.Run.Failed</c>.</summary>
    Failed,
}

/// <summary>
/// Data of a lifecycle CloudEvent (serialized camelCase; the names are a wire contract). Carries no secrets and no
/// approval links.
/// </summary>
/// <param name="Tenant">Tenant; also the CloudEvent source <c>/videogen/{tenant}</c>.</param>
/// <param name="BriefId">Brief id.</param>
/// <param name="InstanceId">Run (orchestration instance) id.</param>
/// <param name="Version">Clip version the event is about (1 for the first render). Part of the event id.</param>
/// <param name="OccurredAt">When it happened (orchestration time, replay-safe).</param>
/// <param name="Reason">Failure or rejection reason, or the review reason; null otherwise.</param>
/// <param name="PreviewUrl">Preview MP4, when there is one.</param>
/// <param name="VideoUrl">Published MP4, for <see cref="LifecycleEventType.Published"/>.</param>
/// <param name="ManifestUrl">Provenance manifest, for <see cref="LifecycleEventType.Published"/>.</param>
public sealed record RunLifecycleEventData(
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("briefId")] string BriefId,
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("occurredAt")] DateTimeOffset OccurredAt,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonPropertyName("previewUrl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? PreviewUrl = null,
    [property: JsonPropertyName("videoUrl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? VideoUrl = null,
    [property: JsonPropertyName("manifestUrl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? ManifestUrl = null);

[JsonSerializable(typeof(RunLifecycleEventData))]
internal sealed partial class LifecycleJson : JsonSerializerContext;

/// <summary>Publishing a lifecycle event failed after the SDK's retries.</summary>
public sealed class LifecycleEventPublishException(string message, int? status, Exception inner) : Exception(message, inner)
{
    /// <summary>Last HTTP status, or null when no response arrived.</summary>
    public int? Status { get; } = status;
}
