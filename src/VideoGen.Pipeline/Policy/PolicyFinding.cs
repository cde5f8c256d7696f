namespace VideoGen.Pipeline.Policy;

/// <summary>One policy match.</summary>
/// <param name="Category">Id of the matched category, e.g. <c>public-figures</c>.</param>
/// <param name="Verdict">What the category asks for (never <see cref="PolicyVerdict.Allow"/>).</param>
/// <param name="Rule">The rule that matched, as the policy writes it: <c>term:prime minister</c> or <c>pattern:…</c>.</param>
/// <param name="Matched">The text as the brief wrote it (original casing, accents and spacing).</param>
/// <param name="Pointer">JSON pointer of the screened field, e.g. <c>/shots/1/prompt</c> or <c>/brand/captions/0/text</c>.</param>
public sealed record PolicyFinding(string Category, PolicyVerdict Verdict, string Rule, string Matched, string Pointer);
