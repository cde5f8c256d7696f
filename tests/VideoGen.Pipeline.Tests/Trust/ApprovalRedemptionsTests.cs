using VideoGen.Pipeline.Approvals;
using static VideoGen.Pipeline.Tests.Trust.TrustTestData;

namespace VideoGen.Pipeline.Tests.Trust;

[Collection(AzuriteCollection.Name)]
public sealed class ApprovalRedemptionsTests(AzuriteFixture azurite)
{
    private readonly ApprovalRedemptions _redemptions = new(Tables(azurite), TableName("redeem"));
    private readonly ApprovalTokenService _tokens = Tokens();

    [Fact]
    public async Task RedeemAsync_FirstUse_RecordsDecision()
    {
        ApprovalGrant grant = _tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now);

        RedeemResult result = await _redemptions.RedeemAsync(grant, ApprovalDecisionKind.Reject, "  more blue  ", [5, 2, 5], Now);

        var expected = new ApprovalDecision("reviewer@example.com", ApprovalDecisionKind.Reject, "more blue", [2, 5], Now, "round-1");
        Assert.Equivalent(expected, result.Decision, strict: true);
        Assert.Equivalent(expected, await _redemptions.GetAsync(TenantA, grant.Nonce), strict: true);
    }

    [Fact]
    public async Task RedeemAsync_Reused_ThrowsAlreadyUsedAndKeepsFirstDecision()
    {
        ApprovalGrant grant = _tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now);
        await _redemptions.RedeemAsync(grant, ApprovalDecisionKind.Approve, null, null, Now);

        var e = await Assert.ThrowsAsync<ApprovalTokenException>(
            () => _redemptions.RedeemAsync(grant, ApprovalDecisionKind.Reject, "changed my mind", [1], Now.AddMinutes(5)));

        Assert.Equal(ApprovalTokenFailure.AlreadyUsed, e.Reason);
        ApprovalDecision stored = (await _redemptions.GetAsync(TenantA, grant.Nonce))!;
        Assert.Equal(ApprovalDecisionKind.Approve, stored.Decision);
        Assert.Null(stored.Feedback);
        Assert.Null(stored.RerenderChunks);
        Assert.Equal(Now, stored.DecidedAt);
        Assert.Equal(ApprovalDecisionKind.Approve, e.ExistingDecision!.Decision);
    }

    [Fact]
    public async Task RedeemAsync_ConcurrentDoubleRedeem_ExactlyOneWins()
    {
        ApprovalGrant grant = _tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now);
        Task<RedeemResult>[] attempts = Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => _redemptions.RedeemAsync(
                grant, i % 2 == 0 ? ApprovalDecisionKind.Approve : ApprovalDecisionKind.Reject, $"attempt {i}", null, Now)))
            .ToArray();

        try
        {
            await Task.WhenAll(attempts);
        }
        catch (ApprovalTokenException)
        {
        }

        Task<RedeemResult> winner = Assert.Single(attempts, t => t.IsCompletedSuccessfully);
        Assert.All(attempts.Where(t => t != winner), t =>
            Assert.Equal(ApprovalTokenFailure.AlreadyUsed, Assert.IsType<ApprovalTokenException>(t.Exception!.InnerException).Reason));
        Assert.Equal((await winner).Decision.Feedback, (await _redemptions.GetAsync(TenantA, grant.Nonce))!.Feedback);
    }

    [Fact]
    public async Task RedeemAsync_AfterExpiry_ThrowsExpiredAndRecordsNothing()
    {
        ApprovalGrant grant = _tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now);

        var e = await Assert.ThrowsAsync<ApprovalTokenException>(
            () => _redemptions.RedeemAsync(grant, ApprovalDecisionKind.Approve, null, null, grant.ExpiresAt));

        Assert.Equal(ApprovalTokenFailure.Expired, e.Reason);
        Assert.Null(await _redemptions.GetAsync(TenantA, grant.Nonce));
    }

    [Fact]
    public async Task RedeemAsync_SameNonceOtherTenant_IsSeparate()
    {
        ApprovalGrant a = _tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now);
        ApprovalGrant b = a with { Tenant = TenantB };
        await _redemptions.RedeemAsync(a, ApprovalDecisionKind.Approve, null, null, Now);

        Assert.Null(await _redemptions.GetAsync(TenantB, a.Nonce));
        await _redemptions.RedeemAsync(b, ApprovalDecisionKind.Reject, null, null, Now);
    }
}
