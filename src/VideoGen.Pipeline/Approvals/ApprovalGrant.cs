using VideoGen.Contracts;

namespace VideoGen.Pipeline.Approvals;

/// <summary>
/// What an approval link grants: one reviewer may decide once on one approval round of one orchestration instance
/// until <see cref="ExpiresAt"/>. <see cref="ApprovalTokenService"/> signs it into a token and reads it back.
/// </summary>
/// <param name="Tenant">The tenant owning the run.</param>
/// <param name="InstanceId">The orchestration instance waiting for the decision.</param>
/// <param name="Approver">The reviewer's email address.</param>
/// <param name="Round">
/// The approval round id. A re-render starts a new round, so links of the old round no longer match the instance.
/// </param>
/// <param name="ExpiresAt">End of validity; tokens carry it to the whole second (sub-second parts are dropped).</param>
/// <param name="Nonce">Random, URL-safe id that makes the grant single-use (the redemption row key).</param>
public sealed record ApprovalGrant(
    TenantId Tenant,
    string InstanceId,
    string Approver,
    string Round,
    DateTimeOffset ExpiresAt,
    string Nonce);
