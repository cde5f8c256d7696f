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
