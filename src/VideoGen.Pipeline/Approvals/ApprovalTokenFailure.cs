namespace VideoGen.Pipeline.Approvals;

/// <summary>Why an approval token was refused.</summary>
public enum ApprovalTokenFailure
{
    /// <summary>Not a token of ours: wrong shape, too long, bad encoding, unknown version or missing fields.</summary>
    Malformed,

    /// <summary>The MAC does not match: the token was altered or forged.</summary>
    BadSignature,

    /// <summary>Signed with a key id that is not configured (retired, or never ours).</summary>
    UnknownKey,

    /// <summary>The token is past its expiry time.</summary>
    Expired,

    /// <summary>A decision was already recorded with this token.</summary>
    AlreadyUsed,

    /// <summary>
    /// The token names an instance or approval round that is not the one waiting for this decision (for example a
    /// link from before a re-render).
    /// </summary>
    WrongInstance,
}
