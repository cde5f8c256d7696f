namespace VideoGen.Pipeline.Policy;

/// <summary>A policy document (or a tenant override) is invalid; <see cref="Field"/> names the offending field.</summary>
public sealed class PolicyFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">JSON pointer of the field, e.g. <c>/categories/2/patterns/0</c>, or <c>""</c> for the document.</param>
    /// <param name="message">What is wrong with it.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public PolicyFormatException(string field, string message, Exception? inner = null)
        : base($"Invalid prompt policy at '{(field.Length == 0 ? "(document)" : field)}': {message}", inner)
    {
        Field = field;
    }

    /// <summary>JSON pointer of the offending field (<c>""</c> is the whole document).</summary>
    public string Field { get; }
}
