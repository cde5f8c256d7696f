using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Tests.Policy;

public sealed class ObfuscationTests
{
    [Theory]
    [InlineData("PRESIDENT")]
    [InlineData("PrEsIdEnT")]
    [InlineData("Présidént")]
    [InlineData("Pres1dent")]
    [InlineData("pre$ident")]
    [InlineData("presldent")]
    [InlineData("p r e s i d e n t")]
    [InlineData("p.r.e.s.i.d.e.n.t")]
    [InlineData("ｐｒｅｓｉｄｅｎｔ")]
    [InlineData("𝐩𝐫𝐞𝐬𝐢𝐝𝐞𝐧𝐭")]
    [InlineData("pre\u200Bsident")]
    [InlineData("pre\u00ADsident")]
    [InlineData("pres\u0131dent")]
    [InlineData("prеsidеnt")]
    [InlineData("ⓟⓡⓔⓢⓘⓓⓔⓝⓣ")]
    public void Screen_ObfuscatedPublicFigureTerm_StillRequiresReview(string word)
    {
        PolicyDecision decision = PolicyTestData.ScreenPrompt($"The {word} holds the bottle");

        Assert.Equal(PolicyVerdict.ReviewRequired, decision.Verdict);
        PolicyFinding finding = Assert.Single(decision.Findings);
        Assert.Equal(("term:president", word), (finding.Rule, finding.Matched));
    }

    [Theory]
    [InlineData("Beyoncé dances", "Beyoncé")]
    [InlineData("taylor   SWIFT sings", "taylor   SWIFT")]
    [InlineData("taylor-swift sings", "taylor-swift")]
    [InlineData("taylorswift sings", "taylorswift")]
    [InlineData("Taylor\nSwift sings", "Taylor\nSwift")]
    [InlineData("Kylian Mbappé scores", "Kylian Mbappé")]
    public void Screen_NameWithSpacingOrAccents_IsFound(string prompt, string matched) =>
        Assert.Contains(PolicyTestData.ScreenPrompt(prompt).Findings, f => f.Matched == matched && f.Category == "public-figures");

    [Theory]
    [InlineData("g0re")]
    [InlineData("G O R E")]
    [InlineData("nüde")]
    public void Screen_ObfuscatedBlocklistedTerm_StillRejects(string word) =>
        Assert.Equal(PolicyVerdict.Reject, PolicyTestData.ScreenPrompt($"A scene of {word}").Verdict);

    [Theory]
    [InlineData("Bottle 2024 edition at 5 pm")]
    [InlineData("100% natural, 0 sugar")]
    [InlineData("a b c d e f g")]
    public void Screen_DigitsAndShortWords_DoNotCreateFalseMatches(string prompt) =>
        Assert.Equal(PolicyVerdict.Allow, PolicyTestData.ScreenPrompt(prompt).Verdict);

    [Fact]
    public void Screen_RandomTextAroundATerm_AlwaysFindsIt()
    {
        // Property-style: whatever harmless words surround a term, casing and separators vary, it is found once.
        var random = new Random(7);
        string[] filler = ["bottle", "light", "water", "studio", "morning", "glass", "label", "shine", "blue", "a", "the"];
        string[] separators = [" ", "  ", ", ", " - ", "\t", ". ", "\n"];
        for (int i = 0; i < 300; i++)
        {
            var words = Enumerable.Range(0, random.Next(0, 12)).Select(_ => filler[random.Next(filler.Length)]).ToList();
            string term = random.Next(2) == 0 ? "Prime Minister" : "PRIME minister";
            words.Insert(random.Next(words.Count + 1), term);
            string text = string.Concat(words.Select(w => w + separators[random.Next(separators.Length)]));

            IReadOnlyList<PolicyFinding> findings = PolicyEngine.ScreenText(text, "/p", PromptPolicy.Default);

            PolicyFinding finding = Assert.Single(findings);
            Assert.Equal(term, finding.Matched);
        }
    }
}
