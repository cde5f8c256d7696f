namespace VideoGen.Pipeline.Notifications;

/// <summary>What the Teams review card shows.</summary>
/// <param name="Tenant">Tenant of the brief.</param>
/// <param name="BriefId">Brief id.</param>
/// <param name="BriefTitle">Human title; the card title is "Review needed: {title}".</param>
/// <param name="Template">Creative template of the clip.</param>
/// <param name="Duration">Clip duration.</param>
/// <param name="SafetySummary">One-line safety summary (e.g. <see cref="Safety.SafetyAssessment.Summary"/>).</param>
/// <param name="ThumbnailUrl">Public (or SAS) URL of the preview thumbnail; Teams fetches it.</param>
/// <param name="ReviewPageUrl">The review page; opened by <c>Action.OpenUrl</c>. Deciding happens there by POST.</param>
public sealed record TeamsReviewCard(
    string Tenant, string BriefId, string BriefTitle, string Template, TimeSpan Duration, string SafetySummary, Uri ThumbnailUrl, Uri ReviewPageUrl);

/// <summary>Posting to the Teams workflow failed: refused, too large, or retries exhausted.</summary>
public sealed class TeamsNotificationException(string host, int attempts, int? lastStatus, string reason, bool retriesExhausted)
    : WebhookDeliveryException("Teams workflow post", host, attempts, lastStatus, reason, retriesExhausted);
