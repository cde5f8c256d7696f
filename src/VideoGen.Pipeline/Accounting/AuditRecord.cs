using VideoGen.Contracts;

namespace VideoGen.Pipeline.Accounting;

/// <summary>One step of a run, as the audit trail keeps it.</summary>
/// <param name="Tenant">The tenant owning the run.</param>
/// <param name="InstanceId">The orchestration instance.</param>
/// <param name="Step">What happened, e.g. <c>screen-prompt</c>, <c>approve</c>, <c>publish</c>.</param>
/// <param name="Actor">Who did it: a service name or a reviewer's email.</param>
/// <param name="At">
/// When. Use the orchestration's deterministic time for the step where possible; records sort by it within a run.
/// </param>
/// <param name="Details">What to keep (prompt, model versions, safety scores, hashes…); at most
/// <see cref="AuditTrail.MaxDetailsBytes"/> as JSON.</param>
/// <param name="Attempt">Attempt number of the step (retry policy attempts are separate records; a redelivery of the
/// same attempt is not).</param>
public sealed record AuditRecord(
    TenantId Tenant,
    string InstanceId,
    string Step,
    string Actor,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string> Details,
    int Attempt = 1);
