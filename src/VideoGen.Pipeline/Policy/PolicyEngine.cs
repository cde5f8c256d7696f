using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Policy;

/// <summary>Screens the text of a brief against a <see cref="PromptPolicy"/>.</summary>
public static class PolicyEngine
{
    /// <summary>
    /// Screens every text a viewer sees or that steers generation: <c>/title</c>, each <c>/shots/{i}/prompt</c>, each
    /// <c>/brand/captions/{i}/text</c> and <c>/brand/watermarkText</c>. The verdict is the most severe action of any
    /// matched category (categories with action <c>allow</c> are skipped). A field yields one finding per distinct
    /// (category, rule, matched text): a term repeated 50 times in one prompt is one finding.
    /// </summary>
    public static PolicyDecision Screen(Brief brief, PromptPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(policy);
        var findings = new List<PolicyFinding>();
        foreach ((string pointer, string text) in ScreenedTexts(brief))
        {
            findings.AddRange(ScreenText(text, pointer, policy));
        }

        PolicyVerdict verdict = findings.Count == 0 ? PolicyVerdict.Allow : findings.Max(f => f.Verdict);
        return new PolicyDecision(verdict, policy.Version, findings);
    }

    /// <summary>Screens one text; <paramref name="pointer"/> is recorded on each finding.</summary>
    public static IReadOnlyList<PolicyFinding> ScreenText(string text, string pointer, PromptPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pointer);
        ArgumentNullException.ThrowIfNull(policy);
        FoldedText folded = FoldedText.From(text);
        FoldedText? spelled = folded.JoinSpelledOut();
        var findings = new List<PolicyFinding>();
        var seen = new HashSet<(string, string, string)>();
        foreach (CompiledCategory category in policy.Compiled)
        {
            PolicyVerdict action = category.Category.EffectiveAction;
            if (action == PolicyVerdict.Allow)
            {
                continue;
            }

            IEnumerable<(string Rule, string Matched)> matches = category.Match(folded);
            if (spelled is not null)
            {
                matches = matches.Concat(category.Match(spelled));
            }

            foreach ((string rule, string matched) in matches)
            {
                if (seen.Add((category.Category.Id, rule, matched)))
                {
                    findings.Add(new PolicyFinding(category.Category.Id, action, rule, matched, pointer));
                }
            }
        }

        return findings;
    }

    private static IEnumerable<(string Pointer, string Text)> ScreenedTexts(Brief brief)
    {
        yield return ("/title", brief.Title);
        for (int i = 0; i < brief.Shots.Count; i++)
        {
            yield return ($"/shots/{i}/prompt", brief.Shots[i].Prompt);
        }

        IReadOnlyList<Caption> captions = brief.Brand.Captions ?? [];
        for (int i = 0; i < captions.Count; i++)
        {
            yield return ($"/brand/captions/{i}/text", captions[i].Text);
        }

        if (brief.Brand.WatermarkText is { } watermark)
        {
            yield return ("/brand/watermarkText", watermark);
        }
    }
}
