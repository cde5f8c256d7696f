using VideoGen.Contracts;

namespace VideoGen.Pipeline.Briefs;

/// <summary>
/// A validated marketing brief: <c>cms-uploads/{tenant}/{briefId}/brief.json</c>, schema version
/// <see cref="BriefParser.SchemaVersion"/>. Obtain one from <see cref="BriefParser.Parse"/>, which enforces
/// <c>brief.v1.schema.json</c> and <see cref="BriefLimits"/>; the wire form is <see cref="BriefJson.Options"/>.
/// </summary>
/// <param name="SchemaVersion">Always <c>"1.0"</c> for this contract.</param>
/// <param name="Tenant">The owning tenant id (see <see cref="Contracts.TenantId"/>).</param>
/// <param name="BriefId">The brief's id, a blob path segment (see <see cref="BlobLayout.CheckSegment"/>).</param>
/// <param name="Title">Human title; shown to viewers, so it is screened by the prompt policy.</param>
/// <param name="Template">The creative template.</param>
/// <param name="ProductImage">File name of the product photo in the same upload folder (PNG or JPEG).</param>
/// <param name="AspectRatio">Output aspect ratio.</param>
/// <param name="DurationSeconds">Total clip duration; equals the sum of the shot durations.</param>
/// <param name="Fps">Frames per second: 24, 25 or 30.</param>
/// <param name="Shots">The storyboard, in play order.</param>
/// <param name="Brand">Captions, watermark and brand colour.</param>
/// <param name="Approvers">People who approve the clip (at least one).</param>
/// <param name="CmsCallback">Webhook notified on publish, if any.</param>
/// <param name="Locale">BCP 47 language tag of the captions (e.g. <c>en-US</c>), if given.</param>
public sealed record Brief(
    string SchemaVersion,
    string Tenant,
    string BriefId,
    string Title,
    BriefTemplate Template,
    string ProductImage,
    AspectRatio AspectRatio,
    double DurationSeconds,
    int Fps,
    IReadOnlyList<Shot> Shots,
    Brand Brand,
    IReadOnlyList<Approver> Approvers,
    CmsCallback? CmsCallback = null,
    string? Locale = null);
