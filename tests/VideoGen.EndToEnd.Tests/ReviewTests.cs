using System.Net;
using System.Text.Json.Nodes;
using VideoGen.Contracts;
using VideoGen.EndToEnd.Tests.Infrastructure;
using VideoGen.Pipeline.Approvals;

namespace VideoGen.EndToEnd.Tests;

/// <summary>Human review by signed link: approve, reject with feedback → re-render → approve, and refused tokens.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ReviewTests(PipelineFixture fixture) : IAsyncLifetime
{
    private readonly PipelineHost _pipeline = new(fixture, new Dictionary<string, string> { ["VideoGen__Run__AlwaysReview"] = "true" });

    public Task InitializeAsync() => _pipeline.StartAsync();

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    private Task<JsonObject> WaitForReviewAsync(string id, string round) =>
        _pipeline.WaitAsync(id, s => PipelineHost.Stage(s) == "approve" && s["customStatus"]!["approvalRound"]?.GetValue<string>() == round, what: $"review round {round}");

    private static string LinkOf(JsonObject status) =>
        status["customStatus"]!["approvalLinks"]!.AsObject().First(kv => kv.Key.Contains('@')).Value!.GetValue<string>();

    private static string TokenOf(string link) => Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

    private async Task<HttpResponseMessage> DecideAsync(string token, string decision, string? feedback = null, string? chunks = null)
    {
        var form = new Dictionary<string, string> { ["token"] = token, ["decision"] = decision };
        if (feedback is not null)
        {
            form["feedback"] = feedback;
        }

        if (chunks is not null)
        {
            form["chunks"] = chunks;
        }

        using var anonymous = new HttpClient { BaseAddress = _pipeline.Http.BaseAddress };
        return await anonymous.PostAsync("/api/approvals/decide", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task ReviewLink_GetShowsThePageWithoutDeciding_PostApproves_Publishes()
    {
        (JsonObject brief, byte[] image) = _pipeline.Sample("social-9x16", "review");
        string id = await _pipeline.SubmitAsync(brief, image);
        JsonObject waiting = await WaitForReviewAsync(id, "r1");
        string link = LinkOf(waiting);

        using var browser = new HttpClient();
        HttpResponseMessage page = await browser.GetAsync(link);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form", html);
        Assert.Contains("Content-Security-Policy", string.Join(",", page.Headers.Select(h => h.Key)));
        string previewUrl = link.Replace("/api/approvals?", "/api/approvals/preview?", StringComparison.Ordinal);
        HttpResponseMessage preview = await browser.GetAsync(previewUrl);
        Assert.Equal("video/mp4", preview.Content.Headers.ContentType?.MediaType);
        byte[] whole = await preview.Content.ReadAsByteArrayAsync();
        using (var ranged = new HttpRequestMessage(HttpMethod.Get, previewUrl))
        {
            ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(8, 15); // a player seeking
            HttpResponseMessage part = await browser.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal(whole[8..16], await part.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal("approve", PipelineHost.Stage(await _pipeline.StatusAsync(id))); // a GET (a link scanner) decided nothing

        HttpResponseMessage decided = await DecideAsync(TokenOf(link), "approve");
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        JsonObject done = await _pipeline.WaitForEndAsync(id);

        Assert.Equal("published", done["output"]!["outcome"]!.GetValue<string>());
        Assert.Equal("human", done["output"]!["approval"]!["mode"]!.GetValue<string>());
        Assert.True(done["output"]!["cost"]!["byKind"]!["ReviewMinutes"]!.GetValue<decimal>() > 0, "a person's review time is charged");
        JsonNode manifest = JsonNode.Parse(await _pipeline.DownloadAsync(id, "manifest.json"))!;
        Assert.Contains("@", manifest["approvals"]![0]!["approver"]!.GetValue<string>());
        JsonArray mails = await fixture.Maildev.GetEmailsAsync();
        Assert.Contains(mails, m => m!.ToJsonString().Contains(brief["title"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RejectWithFeedback_ReRendersTheNamedChunk_ThenApproved_PublishesVersion2()
    {
        (JsonObject brief, byte[] image) = _pipeline.Sample("social-9x16", "rerender");
        string id = await _pipeline.SubmitAsync(brief, image);
        JsonObject first = await WaitForReviewAsync(id, "r1");

        HttpResponseMessage rejected = await DecideAsync(TokenOf(LinkOf(first)), "reject", "Warmer light on the sneaker, please", "0");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        JsonObject second = await WaitForReviewAsync(id, "r2");
        HttpResponseMessage stale = await DecideAsync(TokenOf(LinkOf(first)), "approve");
        Assert.NotEqual(HttpStatusCode.OK, stale.StatusCode); // round 1's link no longer decides anything

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(TokenOf(LinkOf(second)), "approve")).StatusCode);
        JsonObject done = await _pipeline.WaitForEndAsync(id);

        Assert.Equal("published", done["output"]!["outcome"]!.GetValue<string>());
        Assert.StartsWith("v2-", done["output"]!["published"]!["version"]!.GetValue<string>());
        List<string> work = await _pipeline.ListBlobsAsync("work", $"contoso/{brief["briefId"]}/");
        Assert.Contains(work, n => n.Contains("/interactive/v2/chunk-000/", StringComparison.Ordinal));
        Assert.DoesNotContain(work, n => n.Contains("/interactive/v2/chunk-001/", StringComparison.Ordinal)); // only the named chunk
    }

    [Fact]
    public async Task ForgedExpiredAndReusedTokens_AreRefused_AndChangeNothing()
    {
        (JsonObject brief, byte[] image) = _pipeline.Sample("social-9x16", "tokens");
        string id = await _pipeline.SubmitAsync(brief, image);
        JsonObject waiting = await WaitForReviewAsync(id, "r1");
        string token = TokenOf(LinkOf(waiting));

        char[] forged = token.ToCharArray();
        forged[forged.Length / 3] = forged[forged.Length / 3] == 'A' ? 'B' : 'A';
        HttpResponseMessage forgedAnswer = await DecideAsync(new string(forged), "approve");
        var otherKey = new ApprovalTokenService(Microsoft.Extensions.Options.Options.Create(new ApprovalTokenOptions
        {
            CurrentKeyId = "e2e",
            Keys = { new ApprovalSigningKey { Id = "e2e", Secret = Convert.ToBase64String(new byte[32]) } },
        }));
        string wrongKey = otherKey.Issue(new ApprovalGrant(TenantId.Parse("contoso"), id, "x@contoso.example", "r1", DateTimeOffset.UtcNow.AddHours(1), ApprovalTokenService.NewNonce()));
        var sameKey = new ApprovalTokenService(Microsoft.Extensions.Options.Options.Create(new ApprovalTokenOptions
        {
            CurrentKeyId = "e2e",
            Keys = { new ApprovalSigningKey { Id = "e2e", Secret = fixture.ApprovalSecret } },
        }));
        string expired = sameKey.Issue(new ApprovalGrant(TenantId.Parse("contoso"), id, "x@contoso.example", "r1", DateTimeOffset.UtcNow.AddMinutes(-1), ApprovalTokenService.NewNonce()));

        Assert.NotEqual(HttpStatusCode.OK, forgedAnswer.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await DecideAsync(wrongKey, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await DecideAsync(expired, "approve")).StatusCode);
        Assert.Equal("approve", PipelineHost.Stage(await _pipeline.StatusAsync(id))); // still waiting: nothing changed

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(token, "reject")).StatusCode);
        HttpResponseMessage reused = await DecideAsync(token, "approve");
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        JsonObject done = await _pipeline.WaitForEndAsync(id);
        Assert.Equal("rejected", done["output"]!["outcome"]!.GetValue<string>()); // the reused token did not turn the rejection into an approval
    }
}
