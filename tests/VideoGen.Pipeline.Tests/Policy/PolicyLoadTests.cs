using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Tests.Policy;

public sealed class PolicyLoadTests
{
    [Theory]
    [InlineData("not json", "")]
    [InlineData("[]", "")]
    [InlineData("""{ "categories": [] }""", "/version")]
    [InlineData("""{ "version": 1, "categories": [] }""", "/version")]
    [InlineData("""{ "version": "  ", "categories": [] }""", "/version")]
    [InlineData("""{ "version": "1", "categories": {} }""", "/categories")]
    [InlineData("""{ "version": "1", "categories": [], "extra": 1 }""", "/extra")]
    [InlineData("""{ "version": "1", "categories": [ { "action": "reject" } ] }""", "/categories/0/id")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "Bad Id" } ] }""", "/categories/0/id")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a" }, { "id": "a" } ] }""", "/categories/1/id")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a", "action": "block" } ] }""", "/categories/0/action")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a", "term": ["x"] } ] }""", "/categories/0/term")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a", "terms": ["ok", 3] } ] }""", "/categories/0/terms/1")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a", "terms": ["ok", "!!!"] } ] }""", "/categories/0/terms/1")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a", "terms": ["ab*"] } ] }""", "/categories/0/terms/0")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a", "terms": ["a*b"] } ] }""", "/categories/0/terms/0")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a", "patterns": ["(unclosed"] } ] }""", "/categories/0/patterns/0")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a", "patterns": ["(a)\\1"] } ] }""", "/categories/0/patterns/0")]
    [InlineData("""{ "version": "1", "categories": [ { "id": "a", "locked": "yes" } ] }""", "/categories/0/locked")]
    [InlineData("""{ "version": "1", "version": "2", "categories": [] }""", "")]
    public void Load_InvalidDocument_FailsNamingTheField(string json, string field)
    {
        var e = Assert.Throws<PolicyFormatException>(() => PolicyTestData.Load(json));

        Assert.Equal(field, e.Field);
        Assert.Contains(field.Length == 0 ? "(document)" : field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MinimalDocument_Works()
    {
        PromptPolicy policy = PolicyTestData.Load("""
            { "version": "mini-1", "categories": [ { "id": "x", "action": "reject", "terms": ["teal"], "patterns": ["\\bstone pedestal\\b"] } ] }
            """);

        PolicyDecision decision = PolicyEngine.Screen(PolicyTestData.Brief(), policy);

        Assert.Equal(PolicyVerdict.Reject, decision.Verdict);
        Assert.Equal("mini-1", decision.PolicyVersion);
        Assert.Equal(["teal", "stone pedestal"], decision.Findings.Select(f => f.Matched));
        Assert.All(decision.Findings, f => Assert.Equal("/shots/0/prompt", f.Pointer));
    }

    [Fact]
    public void Default_IsTheEmbeddedDocumentAndLoadsOnce() =>
        Assert.Same(PromptPolicy.Default, PromptPolicy.Default);
}
