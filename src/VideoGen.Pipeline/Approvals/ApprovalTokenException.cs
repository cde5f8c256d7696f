namespace VideoGen.Pipeline.Approvals;

/// <summary>An approval token cannot be used; <see cref="Reason"/> says why.</summary>
public sealed class ApprovalTokenException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the token was refused.</param>
    /// <param name="message">What is wrong, for logs; never contains key material.</param>
    /// <param name="existingDecision">For <see cref="ApprovalTokenFailure.AlreadyUsed"/>: the decision already recorded, when known.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ApprovalTokenException(
        ApprovalTokenFailure reason, string message, ApprovalDecision? existingDecision = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        ExistingDecision = existingDecision;
    }

    /// <summary>Why the token was refused.</summary>
    public ApprovalTokenFailure Reason { get; }

    /// <summary>The decision recorded earlier, when <see cref="Reason"/> is <see cref="ApprovalTokenFailure.AlreadyUsed"/>.</summary>
    public ApprovalDecision? ExistingDecision { get; }
}
