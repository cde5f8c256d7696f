using System.Text.Json.Nodes;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Tests.Integrations;

public sealed class TeamsWorkflowClientTests
{
    private static readonly TeamsReviewCard Card = new(
        "contoso", "brief-42", "Spring kettle launch", "product-orbit", TimeSpan.FromSeconds(15), "Review (Violence 2; Hate 0)",
        new Uri("https://media.contoso.com/previews/brief-42/thumb.jpg?sv=2025&sig=sas"),
        new Uri("https://videogen.contoso.com/review/brief-42?t=opaque"));

    private readonly CapturingLogs _logs = new();

    private TeamsWorkflowClient Client(OutboundAllowList? allowList = null, int maxBytes = 28_000) => new(
        new TeamsOptions
        {
            MaxMessageBytes = maxBytes,
            Retry = new HttpRetryOptions
            {
                MaxAttempts = 4,
                InitialDelay = TimeSpan.FromMilliseconds(2),
                MaxDelay = TimeSpan.FromMilliseconds(20),
                TotalTimeout = TimeSpan.FromSeconds(30),
            },
        },
        allowList ?? ContentSafetyTestContext.LocalAllowList,
        _logs.For<TeamsWorkflowClient>());

    [Fact]
    public async Task PostReviewCard_LocalWorkflow_PostsMessageWithAdaptiveCard()
    {
        await using var teams = await FakeWebhookReceiver.StartAsync();
        teams.FinalStatus = 202;
        using var client = Client();

        await client.PostReviewCardAsync(teams.Url, Card);

        var request = Assert.Single(teams.Requests);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var message = JsonNode.Parse(request.Body)!;
        Assert.Equal("message", message["type"]!.GetValue<string>());
        var attachment = Assert.Single(message["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());

        var card = attachment["content"]!;
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Contains(card["version"]!.GetValue<string>(), new[] { "1.4", "1.5" });
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card["$schema"]!.GetValue<string>());
        var body = card["body"]!.AsArray();
        Assert.All(body, element => Assert.False(string.IsNullOrEmpty(element!["type"]?.GetValue<string>())));
        Assert.Contains(body, e => e!["type"]!.GetValue<string>() == "TextBlock" && e["text"]!.GetValue<string>() == "Review needed: Spring kettle launch");
        var image = body.Single(e => e!["type"]!.GetValue<string>() == "Image")!;
        Assert.Equal(Card.ThumbnailUrl.AbsoluteUri, image["url"]!.GetValue<string>());
        var facts = body.Single(e => e!["type"]!.GetValue<string>() == "FactSet")!["facts"]!.AsArray()
            .ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("product-orbit", facts["Template"]);
        Assert.Equal("15 s", facts["Duration"]);
        Assert.Equal("Review (Violence 2; Hate 0)", facts["Safety"]);

        var action = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal("Action.OpenUrl", action["type"]!.GetValue<string>());
        Assert.Equal(Card.ReviewPageUrl.AbsoluteUri, action["url"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(action["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task PostReviewCard_429WithRetryAfterThen202_Retries()
    {
        await using var teams = await FakeWebhookReceiver.StartAsync();
        teams.NextStatuses.Enqueue(429);
        teams.RetryAfter = "0";
        teams.FinalStatus = 202;
        using var client = Client();

        await client.PostReviewCardAsync(teams.Url, Card);

        Assert.Equal(2, teams.Requests.Count);
    }

    [Fact]
    public async Task PostReviewCard_TwoServerErrorsThenAccepted_SucceedsOnThirdAttempt()
    {
        await using var teams = await FakeWebhookReceiver.StartAsync();
        teams.NextStatuses.Enqueue(502);
        teams.NextStatuses.Enqueue(0);
        teams.FinalStatus = 202;
        using var client = Client();

        await client.PostReviewCardAsync(teams.Url, Card);

        Assert.Equal(3, teams.Requests.Count);
        Assert.Single(teams.Requests.Select(r => r.BodyText).Distinct());
    }

    [Fact]
    public async Task PostReviewCard_AlwaysFailing_ThrowsAfterBoundedAttempts()
    {
        await using var teams = await FakeWebhookReceiver.StartAsync();
        teams.FinalStatus = 503;
        using var client = Client();

        var ex = await Assert.ThrowsAsync<TeamsNotificationException>(() => client.PostReviewCardAsync(teams.Url, Card));

        Assert.Equal(4, teams.Requests.Count);
        Assert.Equal(503, ex.LastStatus);
        Assert.True(ex.RetriesExhausted);
    }

    [Fact]
    public async Task PostReviewCard_400_NotRetried()
    {
        await using var teams = await FakeWebhookReceiver.StartAsync();
        teams.FinalStatus = 400;
        using var client = Client();

        var ex = await Assert.ThrowsAsync<TeamsNotificationException>(() => client.PostReviewCardAsync(teams.Url, Card));

        Assert.Single(teams.Requests);
        Assert.False(ex.RetriesExhausted);
    }

    [Fact]
    public async Task PostReviewCard_UrlNotAllowListed_RefusedBeforeAnyRequest()
    {
        await using var teams = await FakeWebhookReceiver.StartAsync();
        var strict = new OutboundAllowList(new OutboundAllowListOptions { AllowedHosts = { "*.logic.azure.com" } });
        using var client = Client(strict);

        await Assert.ThrowsAsync<OutboundUrlRejectedException>(() => client.PostReviewCardAsync(teams.Url, Card));
        var ex = await Assert.ThrowsAsync<OutboundUrlRejectedException>(
            () => client.PostReviewCardAsync(new Uri("https://prod-01.westeurope.logic.azure.com.evil.example/workflows/x"), Card));

        Assert.Equal("host-not-allowed", ex.Rule);
        Assert.Empty(teams.Requests);
    }

    [Fact]
    public async Task PostReviewCard_MessageOverLimit_RefusedBeforeSending()
    {
        await using var teams = await FakeWebhookReceiver.StartAsync();
        using var client = Client(maxBytes: 500);

        var ex = await Assert.ThrowsAsync<TeamsNotificationException>(() => client.PostReviewCardAsync(teams.Url, Card));

        Assert.Equal(0, ex.Attempts);
        Assert.Empty(teams.Requests);
    }

    [Fact]
    public async Task PostReviewCard_RetriesAndFailure_NeverLogWorkflowUrlSignature()
    {
        await using var teams = await FakeWebhookReceiver.StartAsync();
        teams.FinalStatus = 500;
        using var client = Client();

        await Assert.ThrowsAsync<TeamsNotificationException>(() => client.PostReviewCardAsync(teams.Url, Card));

        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain("cms-url-token-123", _logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("/hooks/videogen", _logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RelativeReviewUrl_Throws() =>
        Assert.Throws<ArgumentException>(() => AdaptiveCardBuilder.Build(Card with { ReviewPageUrl = new Uri("/review/x", UriKind.Relative) }));
}
