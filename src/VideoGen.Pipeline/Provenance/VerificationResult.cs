namespace VideoGen.Pipeline.Provenance;

/// <summary>A verification report: valid when no problem was found.</summary>
/// <param name="Valid">True when <paramref name="Problems"/> is empty.</param>
/// <param name="Problems">Every problem found, one sentence each.</param>
public sealed record VerificationResult(bool Valid, IReadOnlyList<string> Problems)
{
    /// <summary>The manifest that was verified, when one was found.</summary>
    public ProvenanceManifest? Manifest { get; init; }

    /// <summary>A report from a list of problems.</summary>
    public static VerificationResult From(IReadOnlyList<string> problems, ProvenanceManifest? manifest) =>
        new(problems.Count == 0, problems) { Manifest = manifest };
}
