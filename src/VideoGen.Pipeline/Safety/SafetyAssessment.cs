namespace VideoGen.Pipeline.Safety;

/// <summary>Outcome of a safety assessment, ordered from least to most restrictive.</summary>
public enum SafetyDecision
{
    /// <summary>Below every review threshold, no blocklist hit.</summary>
    Pass = 0,

    /// <summary>A person must review (a review threshold reached, or the service unavailable).</summary>
    Review = 1,

    /// <summary>A block threshold reached or a blocklist hit.</summary>
    Block = 2,
}

/// <summary>
/// A safety decision with what it rests on, for the audit trail: the maximum severity per category seen, the reasons
/// (e.g. <c>Violence:6&gt;=block:4</c>, <c>blocklist:brand-terms:item-1</c>, <c>content-safety-unavailable</c>) and
/// the blocklist matches.
/// </summary>
public sealed record SafetyAssessment(
    SafetyDecision Decision,
    IReadOnlyDictionary<string, int> MaxSeverities,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<BlocklistMatch> BlocklistMatches)
{
    /// <summary>Reason recorded when Content Safety could not answer (the decision is then at least <see cref="SafetyDecision.Review"/>).</summary>
    public const string UnavailableReason = "content-safety-unavailable";

    /// <summary>One line for cards and logs, e.g. <c>Review (Violence 2; Hate 0)</c>.</summary>
    public string Summary =>
        MaxSeverities.Count == 0
            ? $"{Decision} ({string.Join(", ", Reasons)})"
            : $"{Decision} ({string.Join("; ", MaxSeverities.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"))})";
}
