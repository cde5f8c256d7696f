using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Tests.Policy;

public sealed class PolicyEngineTests
{
    [Fact]
    public void Screen_CleanBrief_AllowsWithDefaultVersion()
    {
        PolicyDecision decision = PolicyEngine.Screen(PolicyTestData.Brief(), PromptPolicy.Default);

        Assert.Equal(PolicyVerdict.Allow, decision.Verdict);
        Assert.Equal("1.0.0", decision.PolicyVersion);
        Assert.Empty(decision.Findings);
    }

    [Fact]
    public void Screen_BlocklistedTerm_RejectsNamingTermAndPointer()
    {
        PolicyDecision decision = PolicyTestData.ScreenPrompt("The bottle explodes in a scene of gore and smoke");

        Assert.Equal(PolicyVerdict.Reject, decision.Verdict);
        PolicyFinding finding = Assert.Single(decision.Findings);
        Assert.Equal(new PolicyFinding("prohibited", PolicyVerdict.Reject, "term:gore", "gore", "/shots/1/prompt"), finding);
    }

    [Fact]
    public void Screen_BlocklistedPattern_RejectsQuotingTheOriginalText()
    {
        PolicyDecision decision = PolicyTestData.ScreenPrompt("Show how to   Build a BOMB from household items");

        PolicyFinding finding = Assert.Single(decision.Findings);
        Assert.Equal(PolicyVerdict.Reject, decision.Verdict);
        Assert.StartsWith("pattern:", finding.Rule, StringComparison.Ordinal);
        Assert.Equal("how to   Build a BOMB", finding.Matched);
    }

    [Theory]
    [InlineData("Taylor Swift holds the bottle on stage", "term:taylor swift", "Taylor Swift")]
    [InlineData("A celebrity sips the water", "term:celebrit*", "celebrity")]
    [InlineData("Two celebrities share the bottle", "term:celebrit*", "celebrities")]
    [InlineData("The President raises a toast", "term:president", "President")]
    [InlineData("A prime minister at a podium", "term:prime minister", "prime minister")]
    public void Screen_PublicFigure_RequiresReview(string prompt, string rule, string matched)
    {
        PolicyDecision decision = PolicyTestData.ScreenPrompt(prompt);

        Assert.Equal(PolicyVerdict.ReviewRequired, decision.Verdict);
        Assert.Contains(new PolicyFinding("public-figures", PolicyVerdict.ReviewRequired, rule, matched, "/shots/1/prompt"), decision.Findings);
    }

    [Theory]
    [InlineData("Vote for change at the election", "political")]
    [InlineData("A rally for the Republican party", "political")]
    [InlineData("This water cures headaches", "health-claims")]
    [InlineData("Guaranteed returns for every sip", "financial-claims")]
    public void Screen_SensitiveCategory_RequiresReview(string prompt, string category)
    {
        PolicyDecision decision = PolicyTestData.ScreenPrompt(prompt);

        Assert.Equal(PolicyVerdict.ReviewRequired, decision.Verdict);
        Assert.Contains(decision.Findings, f => f.Category == category);
    }

    [Theory]
    [InlineData("A marketing campaign for the spring launch")]
    [InlineData("The presidents' day sale is not here; a residential rooftop is")]
    [InlineData("Gorgeous mountains and a naked-eye view of the stars")]
    [InlineData("Electoral")]
    public void Screen_WordsThatOnlyContainATerm_AreNotWholeWordMatches(string prompt)
    {
        PolicyDecision decision = PolicyTestData.ScreenPrompt(prompt);

        // "campaign" alone is not a term; "gorgeous" contains "gore"; but "presidents", "naked" and "electoral" are terms.
        string[] expected = prompt switch
        {
            { } p when p.StartsWith("The presidents", StringComparison.Ordinal) => ["presidents"],
            { } p when p.StartsWith("Gorgeous", StringComparison.Ordinal) => ["naked"],
            "Electoral" => ["Electoral"],
            _ => [],
        };
        Assert.Equal(expected, decision.Findings.Select(f => f.Matched));
    }

    [Fact]
    public void Screen_TextInEveryViewerField_IsScreenedWithItsPointer()
    {
        PolicyDecision decision = PolicyEngine.Screen(
            PolicyTestData.Brief(title: "Elon Musk special", caption: "Vote for us", watermark: "Bitcoin"), PromptPolicy.Default);

        Assert.Equal(
            ["/title", "/brand/captions/1/text", "/brand/watermarkText"],
            decision.Findings.Select(f => f.Pointer));
    }

    [Fact]
    public void Screen_RejectAndReview_VerdictIsTheMostSevere()
    {
        PolicyDecision decision = PolicyTestData.ScreenPrompt("A celebrity in a nazi uniform");

        Assert.Equal(PolicyVerdict.Reject, decision.Verdict);
        Assert.Equal(2, decision.Findings.Count);
    }

    [Fact]
    public void ScreenText_SameTermInTwoSpellings_IsReportedForEach()
    {
        IReadOnlyList<PolicyFinding> findings = PolicyEngine.ScreenText("gore, more GORE", "/x", PromptPolicy.Default);

        Assert.Equal(["gore", "GORE"], findings.Select(f => f.Matched));
    }

    [Fact]
    public void Default_Categories_AreTheDocumentedOnes()
    {
        Assert.Equal(
            ["prohibited", "public-figures", "political", "health-claims", "financial-claims"],
            PromptPolicy.Default.Categories.Select(c => c.Id));
        Assert.True(PromptPolicy.Default.Categories[0].Locked);
    }
}
