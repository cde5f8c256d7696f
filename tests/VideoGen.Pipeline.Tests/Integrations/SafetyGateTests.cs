using VideoGen.Pipeline.Safety;

namespace VideoGen.Pipeline.Tests.Integrations;

public sealed class SafetyGateTests
{
    [Fact]
    public async Task AssessText_AllBelowReview_Passes()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        var assessment = await ctx.Gate().AssessTextAsync("A kettle on a kitchen counter.");

        Assert.Equal(SafetyDecision.Pass, assessment.Decision);
        Assert.Empty(assessment.Reasons);
        Assert.Equal(4, assessment.MaxSeverities.Count);
    }

    [Fact]
    public async Task AssessText_SeverityAtReviewThreshold_Reviews()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.Severities["Violence"] = 2;

        var assessment = await ctx.Gate().AssessTextAsync("A sword fight.");

        Assert.Equal(SafetyDecision.Review, assessment.Decision);
        Assert.Equal(["Violence:2>=review:2"], assessment.Reasons);
        Assert.Equal(2, assessment.MaxSeverities["Violence"]);
    }

    [Fact]
    public async Task AssessText_SeverityAtBlockThreshold_Blocks()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.Severities["Hate"] = 4;
        ctx.Service.Severities["Violence"] = 2;

        var assessment = await ctx.Gate().AssessTextAsync("...");

        Assert.Equal(SafetyDecision.Block, assessment.Decision);
        Assert.Contains("Hate:4>=block:4", assessment.Reasons);
        Assert.Contains("Violence:2>=review:2", assessment.Reasons);
    }

    [Fact]
    public async Task AssessText_PerCategoryThreshold_OverridesDefault()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.Severities["Violence"] = 4;
        var options = new SafetyGateOptions();
        options.Categories["Violence"] = new SafetyThreshold { Review = 4, Block = 6 };

        var assessment = await ctx.Gate(options).AssessTextAsync("An action movie trailer.");

        Assert.Equal(SafetyDecision.Review, assessment.Decision);
    }

    [Fact]
    public async Task AssessText_BlocklistHit_BlocksEvenWithZeroSeverities()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.BlockedTerms.Add("acme");

        var assessment = await ctx.Gate().AssessTextAsync("Made by ACME");

        Assert.Equal(SafetyDecision.Block, assessment.Decision);
        Assert.Equal(["blocklist:brand-terms:item-0"], assessment.Reasons);
        Assert.Single(assessment.BlocklistMatches);
    }

    [Theory]
    [InlineData(ServiceFault.Status500)]
    [InlineData(ServiceFault.Status429)]
    [InlineData(ServiceFault.DropConnection)]
    public async Task AssessText_ServiceUnavailable_FailsClosedToReview(ServiceFault fault)
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.AlwaysFail = fault;

        var assessment = await ctx.Gate().AssessTextAsync("anything");

        Assert.Equal(SafetyDecision.Review, assessment.Decision);
        Assert.Equal([SafetyAssessment.UnavailableReason], assessment.Reasons);
    }

    [Fact]
    public async Task AssessText_WrongKey_ThrowsInsteadOfDeciding()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync(key: "wrong");
        await Assert.ThrowsAsync<ContentSafetyRequestException>(() => ctx.Gate().AssessTextAsync("anything"));
    }

    [Fact]
    public async Task AssessFrames_SeveritiesDifferPerFrame_UsesMaximum()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        ctx.Service.NextSeverities.Enqueue(new() { ["Sexual"] = 0 });
        ctx.Service.NextSeverities.Enqueue(new() { ["Sexual"] = 6 });
        ctx.Service.NextSeverities.Enqueue(new() { ["Sexual"] = 2 });
        byte[][] frames = [TestImages.Jpeg(640, 360), TestImages.Jpeg(640, 360), TestImages.Png(640, 360)];

        var assessment = await ctx.Gate().AssessFramesAsync(frames);

        Assert.Equal(SafetyDecision.Block, assessment.Decision);
        Assert.Equal(6, assessment.MaxSeverities["Sexual"]);
        Assert.Equal(3, ctx.Service.Requests.Count);
    }

    [Fact]
    public async Task AssessFrames_ServiceFailsAfterBlockingFrame_KeepsBlockAddsUnavailableAndStops()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        byte[][] frames = [TestImages.Jpeg(640, 360), TestImages.Jpeg(640, 360), TestImages.Jpeg(640, 360)];
        ctx.Service.NextSeverities.Enqueue(new() { ["Violence"] = 4 });
        ctx.Service.NextFaults.Enqueue(ServiceFault.None); // frame 1 answers, then the service goes down
        ctx.Service.AlwaysFail = ServiceFault.Status500;
        var gate = ctx.Gate();

        var assessment = await gate.AssessFramesAsync(frames);

        Assert.Equal(SafetyDecision.Block, assessment.Decision); // frame 1's block stands; unavailability never lowers it
        Assert.Equal(["Violence:4>=block:4", SafetyAssessment.UnavailableReason], assessment.Reasons);
        Assert.Equal(1 + ctx.Options.MaxRetries + 1, ctx.Service.Requests.Count); // frame 3 never sent
    }

    [Fact]
    public async Task AssessFrames_NoFrames_Throws()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => ctx.Gate().AssessFramesAsync([]));
    }

    [Fact]
    public async Task AssessFrames_OneFrameTooSmall_ThrowsBeforeSendingAny()
    {
        await using var ctx = await ContentSafetyTestContext.StartAsync();
        await Assert.ThrowsAsync<ContentSafetyInputException>(() => ctx.Gate().AssessFramesAsync([TestImages.Jpeg(640, 360), TestImages.Jpeg(10, 10)]));
        Assert.Empty(ctx.Service.Requests);
    }
}
