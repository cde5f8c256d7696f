using System.Text.Json.Nodes;
using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Tests.Integrations;

public sealed class ContentSafetyClientTests
{
    [Fact]
    public async Task AnalyzeText_ServiceAnswers_ReturnsSeveritiesAndSendsContract()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.Severities["Violence"] = 4;
        ctx.Service.Severities["Hate"] = 2;
        ctx.Options.BlocklistNames.Add("brand-terms");

        var result = await ctx.Client().AnalyzeTextAsync("A calm product shot of a red kettle.");

        Assert.Equal(4, result.Categories.Single(c => c.Category == "Violence").Severity);
        Assert.Equal(2, result.Categories.Single(c => c.Category == "Hate").Severity);
        Assert.Empty(result.BlocklistMatches);
        var request = Assert.Single(ctx.Service.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/contentsafety/text:analyze", request.Path);
        Assert.Equal("?api-version=2024-09-01", request.Query);
        Assert.Equal(FakeContentSafetyService.Key, request.Header("Ocp-Apim-Subscription-Key"));
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("A calm product shot of a red kettle.", body["text"]!.GetValue<string>());
        Assert.Equal("brand-terms", body["blocklistNames"]![0]!.GetValue<string>());
        Assert.False(body["haltOnBlocklistHit"]!.GetValue<bool>());
        Assert.Equal("FourSeverityLevels", body["outputType"]!.GetValue<string>());
        Assert.Null(body["categories"]);
    }

    [Fact]
    public async Task AnalyzeText_BlocklistTerm_ReturnsMatch()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.BlockedTerms.Add("competitor-x");

        var result = await ctx.Client().AnalyzeTextAsync("Better than Competitor-X at half the price");

        var match = Assert.Single(result.BlocklistMatches);
        Assert.Equal(new BlocklistMatch("brand-terms", "item-0", "competitor-x"), match);
    }

    [Fact]
    public async Task AnalyzeText_LongerThanLimit_SplitsIntoPiecesWithinLimitAndTakesMaximum()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.NextSeverities.Enqueue(new() { ["Violence"] = 0 });
        ctx.Service.NextSeverities.Enqueue(new() { ["Violence"] = 6 });
        ctx.Service.NextSeverities.Enqueue(new() { ["Violence"] = 2 });
        var text = string.Join(' ', Enumerable.Repeat("storyboard", 2500)); // 27,499 characters

        var result = await ctx.Client().AnalyzeTextAsync(text);

        Assert.Equal(3, ctx.Service.Requests.Count);
        Assert.All(ctx.Service.Requests, r => Assert.InRange(JsonNode.Parse(r.Body)!["text"]!.GetValue<string>().Length, 1, 10_000));
        Assert.Equal(6, result.Categories.Single(c => c.Category == "Violence").Severity);
    }

    [Fact]
    public async Task AnalyzeText_WrongKey_ThrowsRequestExceptionWithServiceCode()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync(key: "wrong-key");

        var ex = await Assert.ThrowsAsync<ContentSafetyRequestException>(() => ctx.Client().AnalyzeTextAsync("hello"));

        Assert.Equal(401, ex.Status);
        Assert.Equal("401", ex.ErrorCode);
        Assert.Contains("invalid subscription key", ex.ServiceMessage, StringComparison.Ordinal);
        Assert.Single(ctx.Service.Requests); // 4xx is not retried
    }

    [Fact]
    public async Task AnalyzeText_UnsupportedApiVersion_ThrowsRequestException()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Options.ApiVersion = "2023-10-01";

        var ex = await Assert.ThrowsAsync<ContentSafetyRequestException>(() => ctx.Client().AnalyzeTextAsync("hello"));

        Assert.Equal("InvalidRequestBody", ex.ErrorCode);
    }

    [Theory]
    [InlineData(ServiceFault.Status500)]
    [InlineData(ServiceFault.Status429)]
    [InlineData(ServiceFault.DropConnection)]
    public async Task AnalyzeText_TwoTransientFaults_RetriesAndSucceeds(ServiceFault fault)
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.NextFaults.Enqueue(fault);
        ctx.Service.NextFaults.Enqueue(fault);
        ctx.Service.Severities["Sexual"] = 2;

        var result = await ctx.Client().AnalyzeTextAsync("hello");

        Assert.Equal(3, ctx.Service.Requests.Count);
        Assert.Equal(2, result.Categories.Single(c => c.Category == "Sexual").Severity);
    }

    [Theory]
    [InlineData(ServiceFault.Status500, 500)]
    [InlineData(ServiceFault.Status429, 429)]
    [InlineData(ServiceFault.DropConnection, null)]
    public async Task AnalyzeText_ServiceKeepsFailing_ThrowsUnavailableAfterBoundedAttempts(ServiceFault fault, int? status)
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.AlwaysFail = fault;

        var ex = await Assert.ThrowsAsync<ContentSafetyUnavailableException>(() => ctx.Client().AnalyzeTextAsync("hello"));

        Assert.Equal(status, ex.Status);
        Assert.Equal(ctx.Options.MaxRetries + 1, ctx.Service.Requests.Count);
    }

    [Fact]
    public async Task AnalyzeText_ResponseOverLimit_ThrowsUnavailable()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.NextFaults.Enqueue(ServiceFault.HugeBody);

        var ex = await Assert.ThrowsAsync<ContentSafetyUnavailableException>(() => ctx.Client().AnalyzeTextAsync("hello"));

        Assert.Contains("exceeded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeText_ServiceUnreachable_ThrowsUnavailable()
    {
        var ctx = await ContentSafetyTestContext.StartAsync();
        var client = ctx.Client();
        await ctx.DisposeAsync(); // nothing listens on the port any more

        await Assert.ThrowsAsync<ContentSafetyUnavailableException>(() => client.AnalyzeTextAsync("hello"));
    }

    [Fact]
    public async Task AnalyzeText_Empty_ThrowsInputWithoutSending()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        await Assert.ThrowsAsync<ContentSafetyInputException>(() => ctx.Client().AnalyzeTextAsync(string.Empty));
        Assert.Empty(ctx.Service.Requests);
    }

    [Fact]
    public async Task AnalyzeImage_ValidPng_SendsBase64ContentAndReturnsSeverities()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.Severities["SelfHarm"] = 6;
        var png = TestImages.Png(640, 360);

        var result = await ctx.Client().AnalyzeImageAsync(png);

        Assert.Equal(6, result.Categories.Single(c => c.Category == "SelfHarm").Severity);
        var request = Assert.Single(ctx.Service.Requests);
        Assert.Equal("/contentsafety/image:analyze", request.Path);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(png, Convert.FromBase64String(body["image"]!["content"]!.GetValue<string>()));
        Assert.Equal("FourSeverityLevels", body["outputType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(49, 100)]
    [InlineData(100, 49)]
    [InlineData(7201, 100)]
    public async Task AnalyzeImage_SizeOutsideLimits_ThrowsInputWithoutSending(int width, int height)
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        var ex = await Assert.ThrowsAsync<ContentSafetyInputException>(() => ctx.Client().AnalyzeImageAsync(TestImages.Jpeg(width, height)));
        Assert.Contains($"{width}x{height}", ex.Message, StringComparison.Ordinal);
        Assert.Empty(ctx.Service.Requests);
    }

    [Fact]
    public async Task AnalyzeImage_OverFourMegabytes_ThrowsInputWithoutSending()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        await Assert.ThrowsAsync<ContentSafetyInputException>(() => ctx.Client().AnalyzeImageAsync(TestImages.Png(1000, 1000, ImageLimits.MaxBytes + 1)));
        Assert.Empty(ctx.Service.Requests);
    }

    [Fact]
    public async Task AnalyzeImage_NotAnImage_ThrowsInput()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        await Assert.ThrowsAsync<ContentSafetyInputException>(() => ctx.Client().AnalyzeImageAsync(new byte[100]));
    }

    [Fact]
    public void ImageLimits_ReadSize_ReadsJpegAndPngHeaders()
    {
        Assert.Equal((1920, 1080), ImageLimits.ReadSize(TestImages.Jpeg(1920, 1080)));
        Assert.Equal((64, 7200), ImageLimits.ReadSize(TestImages.Png(64, 7200)));
    }

    [Fact]
    public async Task Constructor_EndpointNotAllowListed_Throws()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        var strict = new OutboundAllowList(new OutboundAllowListOptions { AllowedHosts = { "*.cognitiveservices.azure.com" } });

        var ex = Assert.Throws<OutboundUrlRejectedException>(() => new ContentSafetyClient(ctx.Options, strict, ctx.Logs.For<ContentSafetyClient>()));

        Assert.Equal("https-required", ex.Rule);
    }

    [Fact]
    public async Task AnalyzeText_AnyOutcome_NeverLogsKey()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        await ctx.Client().AnalyzeTextAsync("hello");
        ctx.Service.AlwaysFail = ServiceFault.Status500;
        await Assert.ThrowsAsync<ContentSafetyUnavailableException>(() => ctx.Client().AnalyzeTextAsync("hello"));

        Assert.NotEmpty(ctx.Logs.Lines);
        Assert.DoesNotContain(FakeContentSafetyService.Key, ctx.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public void TextChunker_Split_PiecesOverlapAndCoverText()
    {
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => $"w{i} "));
        var pieces = TextChunker.Split(text, 1000);

        Assert.All(pieces, p => Assert.InRange(p.Length, 1, 1000));
        Assert.StartsWith(pieces[0], text, StringComparison.Ordinal);
        Assert.EndsWith(pieces[^1], text, StringComparison.Ordinal);
        for (var i = 1; i < pieces.Count; i++)
        {
            Assert.EndsWith(pieces[i][..TextChunker.Overlap], pieces[i - 1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnalyzeText_ServiceHangs_TimesOutPerAttemptAndThrowsUnavailable()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.AlwaysFail = ServiceFault.Hang;
        // Long enough for the fake server to have read (and recorded) each request even on a loaded machine; the
        // hang itself outlasts it by far.
        ctx.Options.NetworkTimeout = TimeSpan.FromSeconds(2);
        ctx.Options.MaxRetries = 1;

        var ex = await Assert.ThrowsAsync<ContentSafetyUnavailableException>(() => ctx.Client().AnalyzeTextAsync("hello"));

        Assert.Null(ex.Status);
        Assert.Equal(2, ctx.Service.Requests.Count);
    }
}
