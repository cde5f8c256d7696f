using System.Globalization;
using System.Net;
using MimeKit;
using MimeKit.Utils;

namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// Builds the approval email: subject naming the brief, a plain-text and an HTML body (multipart/alternative), the
/// thumbnail as an inline image referenced by <c>cid:</c> from the HTML (multipart/related), and an
/// "Open review page" link. Every value is HTML-encoded; line breaks are stripped from the subject.
/// </summary>
public static class ApprovalEmailComposer
{
    /// <summary>Text of the review link.</summary>
    public const string LinkText = "Open review page";

    /// <summary>Composes the message; <paramref name="reminder"/> 0 is the first request, 1.. the reminders.</summary>
    /// <exception cref="ArgumentException">No recipient, an invalid address, or a thumbnail that is neither JPEG nor PNG.</exception>
    public static MimeMessage Compose(ApprovalEmail email, MailboxAddress from, int reminder)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(from);
        if (email.To.Count == 0)
        {
            throw new ArgumentException("An approval email needs at least one recipient.", nameof(email));
        }

        var message = new MimeMessage();
        message.From.Add(from);
        foreach (var to in email.To)
        {
            if (!MailboxAddress.TryParse(to, out var address))
            {
                throw new ArgumentException($"'{to}' is not a valid email address.", nameof(email));
            }

            message.To.Add(address);
        }

        var title = OneLine(email.BriefTitle);
        message.Subject = reminder == 0
            ? $"Approval needed: {title}"
            : $"Reminder {reminder.ToString(CultureInfo.InvariantCulture)}: approval still needed: {title}";
        message.Headers.Add("X-VideoGen-Brief", OneLine($"{email.Tenant}/{email.BriefId}"));

        var (mediaSubtype, extension) = ThumbnailType(email.Thumbnail);
        var builder = new BodyBuilder();
        var image = builder.LinkedResources.Add($"preview.{extension}", email.Thumbnail, new ContentType("image", mediaSubtype));
        image.ContentId = MimeUtils.GenerateMessageId();

        var link = email.ReviewPageUrl.AbsoluteUri;
        var expires = email.ExpiresAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var lead = reminder == 0
            ? $"The preview of \"{title}\" is ready for your review."
            : $"The preview of \"{title}\" is still waiting for your review.";
        var safety = email.SafetySummary is null ? string.Empty : $"Safety check: {OneLine(email.SafetySummary)}";

        builder.TextBody = string.Join("\r\n",
            lead,
            safety,
            string.Empty,
            $"{LinkText}: {link}",
            $"The link expires at {expires}. Approving or rejecting happens on that page.",
            string.Empty,
            $"Brief: {email.Tenant}/{email.BriefId}");

        static string H(string s) => WebUtility.HtmlEncode(s);
        builder.HtmlBody =
            "<!DOCTYPE html><html><body style=\"font-family:Segoe UI,Arial,sans-serif\">" +
            $"<p>{H(lead)}</p>" +
            $"<p><img src=\"cid:{H(image.ContentId)}\" alt=\"Preview of {H(title)}\" width=\"480\"></p>" +
            (safety.Length == 0 ? string.Empty : $"<p>{H(safety)}</p>") +
            $"<p><a href=\"{H(link)}\" style=\"font-weight:bold\">{LinkText}</a></p>" +
            $"<p style=\"color:#666\">The link expires at {H(expires)}. Approving or rejecting happens on that page.<br>" +
            $"Brief: {H(email.Tenant)}/{H(email.BriefId)}</p></body></html>";

        message.Body = builder.ToMessageBody();
        return message;
    }

    private static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ').Trim();

    private static (string Subtype, string Extension) ThumbnailType(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > 8 && bytes[0] == 0x89 && bytes[1] == 0x50 && bytes[2] == 0x4E && bytes[3] == 0x47)
        {
            return ("png", "png");
        }

        if (bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            return ("jpeg", "jpg");
        }

        throw new ArgumentException("The thumbnail must be a JPEG or PNG image.", nameof(bytes));
    }
}
