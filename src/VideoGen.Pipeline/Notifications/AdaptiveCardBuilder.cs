using System.Globalization;
using System.Text.Json.Nodes;

namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// Builds the Teams message for a review: <c>{"type":"message","attachments":[{"contentType":
/// "application/vnd.microsoft.card.adaptive","content":&lt;Adaptive Card 1.4&gt;}]}</c>, the envelope Teams workflow
/// (and incoming) webhooks accept. The card has a title, the brief, the thumbnail, a FactSet (template, duration,
/// safety, brief) and one <c>Action.OpenUrl</c> to the review page; it never carries an approve-on-GET link.
/// </summary>
public static class AdaptiveCardBuilder
{
    /// <summary>Attachment content type of an Adaptive Card.</summary>
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Adaptive Card schema version used (1.4: rendered by every Teams client and by workflows).</summary>
    public const string Version = "1.4";

    /// <summary>The message JSON for <paramref name="card"/>.</summary>
    /// <exception cref="ArgumentException">A URL is not absolute http(s).</exception>
    public static JsonObject Build(TeamsReviewCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        RequireWebUrl(card.ThumbnailUrl, nameof(card.ThumbnailUrl));
        RequireWebUrl(card.ReviewPageUrl, nameof(card.ReviewPageUrl));

        var duration = card.Duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
        var content = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = Version,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = new JsonArray
            {
                new JsonObject { ["type"] = "TextBlock", ["text"] = $"Review needed: {card.BriefTitle}", ["size"] = "Large", ["weight"] = "Bolder", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = $"Brief {card.Tenant}/{card.BriefId}", ["isSubtle"] = true, ["spacing"] = "None", ["wrap"] = true },
                new JsonObject { ["type"] = "Image", ["url"] = card.ThumbnailUrl.AbsoluteUri, ["altText"] = $"Preview of {card.BriefTitle}", ["size"] = "Stretch" },
                new JsonObject
                {
                    ["type"] = "FactSet",
                    ["facts"] = new JsonArray
                    {
                        Fact("Template", card.Template),
                        Fact("Duration", duration),
                        Fact("Safety", card.SafetySummary),
                        Fact("Brief", card.BriefId),
                    },
                },
            },
            ["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open review page", ["url"] = card.ReviewPageUrl.AbsoluteUri },
            },
        };

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray { new JsonObject { ["contentType"] = ContentType, ["contentUrl"] = null, ["content"] = content } },
        };
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static void RequireWebUrl(Uri url, string name)
    {
        ArgumentNullException.ThrowIfNull(url, name);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"{name} must be an absolute http(s) URL.", name);
        }
    }
}
