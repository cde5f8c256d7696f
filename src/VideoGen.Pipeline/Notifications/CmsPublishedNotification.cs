using System.Text.Json.Serialization;

namespace VideoGen.Pipeline.Notifications;

/// <summary>What the CMS is told when a video is published.</summary>
/// <param name="Tenant">Tenant that owns the brief.</param>
/// <param name="BriefId">The brief.</param>
/// <param name="InstanceId">The brief-to-publish run.</param>
/// <param name="Version">Published version of the clip (1 for the first, higher after a re-render).</param>
/// <param name="VideoUrl">Published MP4.</param>
/// <param name="ThumbnailUrl">Published thumbnail.</param>
/// <param name="ManifestUrl">Signed provenance manifest.</param>
/// <param name="PublishedAt">When the clip was published.</param>
public sealed record CmsPublishedNotification(
    string Tenant, string BriefId, string InstanceId, int Version, Uri VideoUrl, Uri ThumbnailUrl, Uri ManifestUrl, DateTimeOffset PublishedAt);

/// <summary>Wire contract of the callback body; property names and order are part of the CMS contract.</summary>
internal sealed record CmsCallbackBody(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("briefId")] string BriefId,
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("videoUrl")] Uri VideoUrl,
    [property: JsonPropertyName("thumbnailUrl")] Uri ThumbnailUrl,
    [property: JsonPropertyName("manifestUrl")] Uri ManifestUrl,
    [property: JsonPropertyName("publishedAt")] DateTimeOffset PublishedAt);

[JsonSerializable(typeof(CmsCallbackBody))]
internal sealed partial class CmsCallbackJson : JsonSerializerContext;
