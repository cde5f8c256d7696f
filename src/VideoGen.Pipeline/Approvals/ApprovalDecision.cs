namespace VideoGen.Pipeline.Approvals;

/// <summary>What a reviewer decided.</summary>
public enum ApprovalDecisionKind
{
    /// <summary>The clip may proceed to the final render.</summary>
    Approve,

    /// <summary>The clip is rejected; feedback and chunk numbers may ask for a bounded re-render.</summary>
    Reject,
}

/// <summary>
/// A recorded decision: the payload of the <c>ApprovalDecision</c> external event the function app raises on the
/// waiting instance. It is serialized with the engine's data converter, so keep it a plain immutable record.
/// </summary>
/// <param name="Approver">The reviewer's email address (from the signed token, not from the form).</param>
/// <param name="Decision">Approve or reject.</param>
/// <param name="Feedback">Free text from the reviewer, trimmed; null when empty.</param>
/// <param name="RerenderChunks">Chunk indexes the reviewer asks to re-render, ascending and distinct; null when none.</param>
/// <param name="DecidedAt">When the decision was recorded.</param>
/// <param name="Round">The approval round the decision belongs to.</param>
public sealed record ApprovalDecision(
    string Approver,
    ApprovalDecisionKind Decision,
    string? Feedback,
    IReadOnlyList<int>? RerenderChunks,
    DateTimeOffset DecidedAt,
    string Round)
{
    /// <summary>Name of the external event carrying this payload.</summary>
    public const string EventName = nameof(ApprovalDecision);
}

/// <summary>A successful redemption: the token is now used and <see cref="Decision"/> is recorded.</summary>
/// <param name="Grant">The grant that was redeemed.</param>
/// <param name="Decision">The recorded decision, to raise as the external event.</param>
public sealed record RedeemResult(ApprovalGrant Grant, ApprovalDecision Decision);
