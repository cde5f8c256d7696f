namespace VideoGen.Pipeline.Policy;

/// <summary>The outcome of screening a brief.</summary>
/// <param name="Verdict">The most severe verdict among <paramref name="Findings"/>; <see cref="PolicyVerdict.Allow"/> when there are none.</param>
/// <param name="PolicyVersion">Version of the policy applied (<c>1.0.0</c>, or <c>1.0.0+contoso-3</c> with a tenant override), for the audit trail.</param>
/// <param name="Findings">Every match, in the order the fields were screened.</param>
public sealed record PolicyDecision(PolicyVerdict Verdict, string PolicyVersion, IReadOnlyList<PolicyFinding> Findings);
