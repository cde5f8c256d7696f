namespace VideoGen.Pipeline.Policy;

/// <summary>One category of a prompt policy: what it matches and what a match means.</summary>
/// <param name="Id">Stable id (lowercase letters, digits, hyphens), e.g. <c>political</c>.</param>
/// <param name="Action">What a match asks for; <c>null</c> when the document leaves it out (a new category then acts as
/// <see cref="PolicyVerdict.ReviewRequired"/>, an override entry keeps the default's action).</param>
/// <param name="Terms">Words or phrases matched whole-word after folding; a trailing <c>*</c> matches any word ending.</param>
/// <param name="Patterns">.NET regular expressions (non-backtracking) matched against the folded text.</param>
/// <param name="RemoveTerms">In a tenant override: terms of the default category this tenant does not want matched.</param>
/// <param name="Locked">An override may tighten this category but never relax it (lower its action or remove terms).</param>
/// <param name="Description">What the category is for, for people.</param>
public sealed record PolicyCategory(
    string Id,
    PolicyVerdict? Action,
    IReadOnlyList<string> Terms,
    IReadOnlyList<string> Patterns,
    IReadOnlyList<string> RemoveTerms,
    bool Locked = false,
    string? Description = null)
{
    /// <summary>The action that applies: <see cref="Action"/>, or <see cref="PolicyVerdict.ReviewRequired"/> when unset.</summary>
    public PolicyVerdict EffectiveAction => Action ?? PolicyVerdict.ReviewRequired;
}
