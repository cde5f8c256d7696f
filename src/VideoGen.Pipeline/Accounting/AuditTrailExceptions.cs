namespace VideoGen.Pipeline.Accounting;

/// <summary>An audit record's details are too large or too many to keep.</summary>
public sealed class AuditRecordTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditRecordTooLargeException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// A record with the same tenant, instance, step and attempt is already in the trail but with different content:
/// the trail is append-only, so the second one is refused.
/// </summary>
public sealed class AuditConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditConflictException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
