using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Tests.Policy;

public sealed class PolicyOverrideTests
{
    [Fact]
    public void WithOverride_AddsTermToExistingCategory_RejectsIt()
    {
        PromptPolicy tenant = PolicyTestData.Load("""
            { "version": "contoso-1", "categories": [ { "id": "prohibited", "terms": ["fabrikam"] } ] }
            """);

        PromptPolicy merged = PromptPolicy.Default.WithOverride(tenant);
        PolicyDecision decision = PolicyTestData.ScreenPrompt("Better than Fabrikam water", merged);

        Assert.Equal(PolicyVerdict.Reject, decision.Verdict);
        Assert.Equal("1.0.0+contoso-1", decision.PolicyVersion);
        Assert.Equal("term:fabrikam", Assert.Single(decision.Findings).Rule);
        Assert.Equal(PolicyVerdict.Allow, PolicyTestData.ScreenPrompt("Better than Fabrikam water").Verdict);
    }

    [Fact]
    public void WithOverride_RelaxesCategoryToAllow_NoLongerMatches()
    {
        PromptPolicy tenant = PolicyTestData.Load("""
            { "version": "bank-2", "categories": [ { "id": "financial-claims", "action": "allow" } ] }
            """);

        PolicyDecision decision = PolicyTestData.ScreenPrompt("Passive income made simple", PromptPolicy.Default.WithOverride(tenant));

        Assert.Equal(PolicyVerdict.Allow, decision.Verdict);
        Assert.Empty(decision.Findings);
    }

    [Fact]
    public void WithOverride_TightensCategoryToReject_Rejects()
    {
        PromptPolicy tenant = PolicyTestData.Load("""{ "version": "t", "categories": [ { "id": "political", "action": "reject" } ] }""");

        Assert.Equal(PolicyVerdict.Reject, PolicyTestData.ScreenPrompt("An election night party", PromptPolicy.Default.WithOverride(tenant)).Verdict);
    }

    [Fact]
    public void WithOverride_RemovesOneTerm_OthersStillMatch()
    {
        PromptPolicy tenant = PolicyTestData.Load("""{ "version": "t", "categories": [ { "id": "health-claims", "removeTerms": ["Detox"] } ] }""");
        PromptPolicy merged = PromptPolicy.Default.WithOverride(tenant);

        Assert.Equal(PolicyVerdict.Allow, PolicyTestData.ScreenPrompt("A detox tea ritual", merged).Verdict);
        Assert.Equal(PolicyVerdict.ReviewRequired, PolicyTestData.ScreenPrompt("It cures colds", merged).Verdict);
    }

    [Fact]
    public void WithOverride_NewCategoryWithoutAction_RequiresReview()
    {
        PromptPolicy tenant = PolicyTestData.Load("""{ "version": "t", "categories": [ { "id": "embargo", "terms": ["project falcon"] } ] }""");

        PolicyDecision decision = PolicyTestData.ScreenPrompt("Teaser for Project  Falcon", PromptPolicy.Default.WithOverride(tenant));

        Assert.Equal(PolicyVerdict.ReviewRequired, decision.Verdict);
        Assert.Equal("embargo", Assert.Single(decision.Findings).Category);
    }

    [Theory]
    [InlineData("""{ "version": "t", "categories": [ { "id": "prohibited", "action": "review" } ] }""", "/categories/0/action")]
    [InlineData("""{ "version": "t", "categories": [ { "id": "prohibited", "action": "allow" } ] }""", "/categories/0/action")]
    [InlineData("""{ "version": "t", "categories": [ { "id": "prohibited", "removeTerms": ["gore"] } ] }""", "/categories/0/removeTerms")]
    [InlineData("""{ "version": "t", "categories": [ { "id": "political", "removeTerms": ["not-a-term"] } ] }""", "/categories/0/removeTerms")]
    [InlineData("""{ "version": "t", "categories": [ { "id": "new-one", "removeTerms": ["x"] } ] }""", "/categories/0/removeTerms")]
    public void WithOverride_RelaxingLockedOrRemovingMissing_FailsNamingTheField(string json, string field)
    {
        PromptPolicy tenant = PolicyTestData.Load(json);

        var e = Assert.Throws<PolicyFormatException>(() => PromptPolicy.Default.WithOverride(tenant));

        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void WithOverride_DoesNotChangeTheDefault()
    {
        PromptPolicy tenant = PolicyTestData.Load("""{ "version": "t", "categories": [ { "id": "prohibited", "terms": ["fabrikam"] } ] }""");

        _ = PromptPolicy.Default.WithOverride(tenant);

        Assert.DoesNotContain("fabrikam", PromptPolicy.Default.Categories[0].Terms);
        Assert.Equal("1.0.0", PromptPolicy.Default.Version);
    }
}
