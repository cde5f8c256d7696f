namespace VideoGen.Pipeline.Notifications;

/// <summary>An approval request (or reminder) to send by email.</summary>
/// <param name="To">Recipient addresses (at least one).</param>
/// <param name="Tenant">Tenant of the brief.</param>
/// <param name="BriefId">Brief id.</param>
/// <param name="BriefTitle">Human title of the brief; named in the subject.</param>
/// <param name="ReviewPageUrl">The review page (a GET shows a confirmation page; deciding is a POST there). Created elsewhere.</param>
/// <param name="Thumbnail">Preview thumbnail, JPEG or PNG; embedded inline (CID).</param>
/// <param name="ExpiresAt">When the review link expires.</param>
/// <param name="SafetySummary">One-line safety summary for the reviewer, or null.</param>
public sealed record ApprovalEmail(
    IReadOnlyList<string> To,
    string Tenant,
    string BriefId,
    string BriefTitle,
    Uri ReviewPageUrl,
    byte[] Thumbnail,
    DateTimeOffset ExpiresAt,
    string? SafetySummary = null);

/// <summary>Sending an email failed; <see cref="Transient"/> tells whether trying again later can help.</summary>
public sealed class EmailDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EmailDeliveryException(string message, bool transient, Exception? inner = null)
        : base(message, inner)
    {
        Transient = transient;
    }

    /// <summary>True for connection failures, timeouts and 4xx SMTP replies; false for rejected recipients, auth failures, 5xx.</summary>
    public bool Transient { get; }
}
