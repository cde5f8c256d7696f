namespace VideoGen.Pipeline.Policy;

/// <summary>What the prompt policy says about a brief, in increasing severity. In policy JSON a category's
/// <c>action</c> is written <c>allow</c>, <c>review</c> or <c>reject</c>.</summary>
public enum PolicyVerdict
{
    /// <summary>Nothing matched (or only categories switched off with <c>allow</c>).</summary>
    Allow = 0,

    /// <summary>A person must review the brief before anything is rendered.</summary>
    ReviewRequired = 1,

    /// <summary>The brief is refused.</summary>
    Reject = 2,
}

/// <summary>The words a policy document uses for a category's action (<c>allow</c>, <c>review</c>, <c>reject</c>).</summary>
public static class PolicyActions
{
    /// <summary>The document's word for <paramref name="verdict"/>.</summary>
    public static string Name(PolicyVerdict verdict) => verdict switch
    {
        PolicyVerdict.Allow => "allow",
        PolicyVerdict.ReviewRequired => "review",
        PolicyVerdict.Reject => "reject",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Unknown policy verdict."),
    };

    /// <summary>The verdict <paramref name="name"/> stands for, or null when it is not one of the words.</summary>
    public static PolicyVerdict? Parse(string name) => name switch
    {
        "allow" => PolicyVerdict.Allow,
        "review" => PolicyVerdict.ReviewRequired,
        "reject" => PolicyVerdict.Reject,
        _ => null,
    };
}
