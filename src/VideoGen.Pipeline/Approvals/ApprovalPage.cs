using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace VideoGen.Pipeline.Approvals;

/// <summary>
/// Server-side HTML for the approval links: a confirmation page with the preview and a POST form, a result page and
/// an error page. No script, no external resources except the preview and thumbnail origins; every value is
/// HTML-encoded; a restrictive Content-Security-Policy is in a meta tag (send <see cref="ContentSecurityPolicy"/> as a
/// header too: <c>frame-ancestors</c> only works there).
/// </summary>
public sealed class ApprovalPage
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}" +
        "video,img{max-width:100%;border:1px solid #ccc}video{height:360px;background:#000}button{font-size:1.1rem;padding:.5rem 1.5rem;margin-right:1rem}" +
        "textarea,input[type=text]{width:100%;box-sizing:border-box}.error{color:#a00}";

    private static readonly string StyleHash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style))) + "'";

    private readonly string _decidePath;

    /// <summary>Creates the renderer.</summary>
    /// <param name="decidePath">Path or URL the confirmation form POSTs to (same origin). Default <c>/api/approvals/decide</c>.</param>
    public ApprovalPage(string decidePath = "/api/approvals/decide")
    {
        ArgumentException.ThrowIfNullOrEmpty(decidePath);
        _decidePath = decidePath;
    }

    /// <summary>The policy used in the pages; media and images are allowed only from the preview's and thumbnail's origins.</summary>
    public static string ContentSecurityPolicy(ApprovalContext? context)
    {
        string media = context is null ? "'none'" : Origin(context.PreviewVideoUrl);
        string img = context?.ThumbnailUrl is null ? "'none'" : Origin(context.ThumbnailUrl);
        return $"default-src 'none'; style-src {StyleHash}; media-src {media}; img-src {img}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    /// <summary>The confirmation page: preview, summary, and a form posting the token with Approve / Reject.</summary>
    /// <exception cref="ArgumentException">A URL in <paramref name="context"/> is not absolute http(s).</exception>
    public string RenderConfirmation(ApprovalGrant grant, ApprovalContext context, string token)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var body = new StringBuilder();
        body.Append("<h1>Review: ").Append(E(context.BriefTitle)).Append("</h1>\n");
        body.Append("<p>Requested from ").Append(E(grant.Approver)).Append(" · link valid until ")
            .Append(E(grant.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append("</p>\n");
        body.Append("<video controls preload=\"metadata\" src=\"").Append(E(CheckUrl(context.PreviewVideoUrl).AbsoluteUri)).Append('"');
        if (context.ThumbnailUrl is not null)
        {
            body.Append(" poster=\"").Append(E(CheckUrl(context.ThumbnailUrl).AbsoluteUri)).Append('"');
        }

        body.Append("></video>\n");
        if (context.SummaryLines.Count > 0)
        {
            body.Append("<h2>Safety and quality checks</h2>\n<ul>\n");
            foreach (string line in context.SummaryLines)
            {
                body.Append("<li>").Append(E(line)).Append("</li>\n");
            }

            body.Append("</ul>\n");
        }

        body.Append("<form method=\"post\" action=\"").Append(E(_decidePath)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"token\" value=\"").Append(E(token)).Append("\">\n")
            .Append("<p><label for=\"feedback\">Feedback (optional, used for a re-render when rejecting)</label><br>")
            .Append("<textarea id=\"feedback\" name=\"feedback\" rows=\"4\" maxlength=\"")
            .Append(ApprovalRedemptions.MaxFeedbackLength.ToString(CultureInfo.InvariantCulture)).Append("\"></textarea></p>\n")
            .Append("<p><label for=\"chunks\">Chunks to re-render (optional, e.g. 2, 5)</label><br>")
            .Append("<input type=\"text\" id=\"chunks\" name=\"chunks\" pattern=\"[0-9 ,]*\"></p>\n")
            .Append("<p><button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>")
            .Append("<button type=\"submit\" name=\"decision\" value=\"reject\">Reject</button></p>\n")
            .Append("</form>\n");
        return Document("Review " + context.BriefTitle, body.ToString(), context);
    }

    /// <summary>The page shown after a decision was recorded.</summary>
    public string RenderResult(ApprovalGrant grant, ApprovalDecision decision)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(decision);
        var body = new StringBuilder();
        body.Append("<h1>").Append(decision.Decision == ApprovalDecisionKind.Approve ? "Approved" : "Rejected").Append("</h1>\n");
        body.Append("<p>Thank you, ").Append(E(decision.Approver)).Append(". Your decision was recorded at ")
            .Append(E(decision.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))).Append(".</p>\n");
        if (decision.Feedback is not null)
        {
            body.Append("<p>Feedback:</p><blockquote>").Append(E(decision.Feedback)).Append("</blockquote>\n");
        }

        if (decision.RerenderChunks is { Count: > 0 } chunks)
        {
            body.Append("<p>Chunks to re-render: ").Append(E(string.Join(", ", chunks))).Append("</p>\n");
        }

        body.Append("<p>You can close this page.</p>\n");
        return Document("Decision recorded", body.ToString(), null);
    }

    /// <summary>The page for a refused token, with one plain sentence per reason.</summary>
    public string RenderError(ApprovalTokenException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var body = new StringBuilder();
        body.Append("<h1 class=\"error\">This approval link cannot be used</h1>\n<p>").Append(E(Explain(error.Reason))).Append("</p>\n");
        if (error.ExistingDecision is { } existing)
        {
            body.Append("<p>Recorded decision: ").Append(E(existing.Decision.ToString())).Append(" by ").Append(E(existing.Approver))
                .Append(" at ").Append(E(existing.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append(".</p>\n");
        }

        return Document("Approval link not usable", body.ToString(), null);
    }

    /// <summary>The human sentence shown for <paramref name="reason"/>.</summary>
    public static string Explain(ApprovalTokenFailure reason) => reason switch
    {
        ApprovalTokenFailure.Malformed => "The link is incomplete or damaged. Open it again from the original message, without editing it.",
        ApprovalTokenFailure.BadSignature => "The link has been altered and is not trusted. Use the link from the original message.",
        ApprovalTokenFailure.UnknownKey => "The link was signed with a key that is no longer in use. Ask for a new approval request.",
        ApprovalTokenFailure.Expired => "The link has expired. Ask for a new approval request.",
        ApprovalTokenFailure.AlreadyUsed => "A decision has already been made with this link; each link can be used only once.",
        ApprovalTokenFailure.WrongInstance => "The link is for a version of the video that is no longer waiting for approval; a newer request may have been sent.",
        _ => "The link cannot be used.",
    };

    private static string Document(string title, string body, ApprovalContext? context) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta http-equiv=\"Content-Security-Policy\" content=\"" + E(ContentSecurityPolicy(context)) + "\">\n" +
        "<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        "<title>" + E(title) + "</title>\n<style>" + Style + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";

    private static string E(string value) => WebUtility.HtmlEncode(value);

    private static Uri CheckUrl(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : throw new ArgumentException($"URL '{url}' must be absolute http or https.", nameof(url));

    private static string Origin(Uri url) => CheckUrl(url).GetLeftPart(UriPartial.Authority);
}
