namespace VideoGen.Pipeline.Approvals;

/// <summary>A field of the approval form is not valid (answer with status 400 and the message).</summary>
public sealed class ApprovalFormException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApprovalFormException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The form field at fault.</summary>
    public string Field { get; }
}
