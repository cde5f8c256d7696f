namespace VideoGen.Pipeline.Briefs;

/// <summary>One reason a brief or its product photo is invalid.</summary>
/// <param name="Pointer">RFC 6901 JSON pointer of the offending value, e.g. <c>/shots/2/durationSeconds</c>; <c>""</c> is the whole document.</param>
/// <param name="Rule">Short stable id of the broken rule: a JSON Schema keyword (<c>maximum</c>, <c>required</c>, <c>type</c>…) or a semantic rule (<c>durationSum</c>, <c>captionRange</c>, <c>json</c>…).</param>
/// <param name="Message">What is wrong, for people.</param>
/// <param name="Limit">The limit as text when the rule has one (<c>20</c>, <c>65536 bytes</c>), else <c>null</c>.</param>
public sealed record BriefValidationError(string Pointer, string Rule, string Message, string? Limit)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{(Pointer.Length == 0 ? "(document)" : Pointer)}: {Message} [{Rule}{(Limit is null ? "" : " " + Limit)}]";
}
