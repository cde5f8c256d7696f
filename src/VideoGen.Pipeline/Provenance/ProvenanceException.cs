namespace VideoGen.Pipeline.Provenance;

/// <summary>A provenance manifest cannot be read, written or embedded (malformed JSON, wrong version, unsigned, too big).</summary>
public sealed class ProvenanceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProvenanceException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
