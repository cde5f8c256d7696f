using VideoGen.Contracts;
using VideoGen.Pipeline.Approvals;
using static VideoGen.Pipeline.Tests.Trust.TrustTestData;

namespace VideoGen.Pipeline.Tests.Trust;

[Collection(AzuriteCollection.Name)]
public sealed class ApprovalFlowTests(AzuriteFixture azurite)
{
    private readonly ApprovalTokenService _tokens = Tokens();
    private readonly StateSource _state = new();
    private readonly FixedTime _time = new();

    private ApprovalFlow Flow() => new(_tokens, new ApprovalRedemptions(Tables(azurite), TableName("flow")), _state, new ApprovalPage(), _time);

    [Fact]
    public async Task ShowAsync_ValidToken_RendersFormWithoutRedeeming()
    {
        ApprovalFlow flow = Flow();
        string token = _tokens.Issue(_tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));

        ApprovalPageResult first = await flow.ShowAsync(token);
        ApprovalPageResult second = await flow.ShowAsync(token);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(200, second.StatusCode);
        Assert.Contains("method=\"post\"", first.Html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{token}\"", first.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecideAsync_Valid_ReturnsEventPayloadThenRefusesReuse()
    {
        ApprovalFlow flow = Flow();
        string token = _tokens.Issue(_tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));

        (ApprovalGrant grant, ApprovalDecision decision, string html) = await flow.DecideAsync(token, "Reject", "too dark", "3, 1 ,3");

        Assert.Equal("inst-1", grant.InstanceId);
        Assert.Equal(new[] { 1, 3 }, decision.RerenderChunks);
        Assert.Equal(ApprovalDecisionKind.Reject, decision.Decision);
        Assert.Equal("round-1", decision.Round);
        Assert.Contains("Rejected", html, StringComparison.Ordinal);
        var again = await Assert.ThrowsAsync<ApprovalTokenException>(() => flow.DecideAsync(token, "approve", null, null));
        Assert.Equal(ApprovalTokenFailure.AlreadyUsed, again.Reason);
        ApprovalPageResult page = await flow.ShowAsync(token);
        Assert.Equal(409, page.StatusCode);
        Assert.Contains("already been made", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UndeliveredAsync_UsedTokenWhileTheRunStillWaitsInItsRound_GivesTheRecordedDecision_OtherwiseNothing()
    {
        ApprovalFlow flow = Flow();
        string token = _tokens.Issue(_tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));
        (_, ApprovalDecision recorded, _) = await flow.DecideAsync(token, "reject", "warmer light", "2");
        // The raise after that redemption failed: the run still waits in round-1.
        var used = await Assert.ThrowsAsync<ApprovalTokenException>(() => flow.DecideAsync(token, "approve", null, null));

        var undelivered = await flow.UndeliveredAsync(token, used);
        _state.Round = "round-2"; // the run took that decision and moved on
        var moved = await flow.UndeliveredAsync(token, used);
        _state.Round = null; // or ended
        var ended = await flow.UndeliveredAsync(token, used);

        Assert.Equal(ApprovalTokenFailure.AlreadyUsed, used.Reason);
        Assert.NotNull(undelivered);
        (string instance, ApprovalDecision decision) = undelivered.Value;
        Assert.Equal("inst-1", instance);
        Assert.Equal((recorded.Decision, recorded.Feedback, recorded.Round), (decision.Decision, decision.Feedback, decision.Round));
        Assert.Equal(ApprovalDecisionKind.Reject, decision.Decision); // the first decision, not the second form
        Assert.Equal([2], decision.RerenderChunks!);
        Assert.Null(moved);
        Assert.Null(ended);
    }

    [Fact]
    public async Task DecideAsync_TokenOfEarlierRound_ThrowsWrongInstanceAndRecordsNothing()
    {
        ApprovalFlow flow = Flow();
        string token = _tokens.Issue(_tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));
        _state.Round = "round-2";

        var e = await Assert.ThrowsAsync<ApprovalTokenException>(() => flow.DecideAsync(token, "approve", null, null));

        Assert.Equal(ApprovalTokenFailure.WrongInstance, e.Reason);
        Assert.Contains("round-2", e.Message, StringComparison.Ordinal);
        _state.Round = "round-1";
        (_, ApprovalDecision decision, _) = await flow.DecideAsync(token, "approve", null, null);
        Assert.Equal(ApprovalDecisionKind.Approve, decision.Decision);
    }

    [Fact]
    public async Task ShowAsync_InstanceNotWaiting_Returns410()
    {
        ApprovalFlow flow = Flow();
        string token = _tokens.Issue(_tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));
        _state.Round = null;

        ApprovalPageResult page = await flow.ShowAsync(token);

        Assert.Equal(410, page.StatusCode);
        Assert.Equal(ApprovalTokenFailure.WrongInstance, page.Failure!.Reason);
    }

    [Fact]
    public async Task ShowAsync_Expired_Returns410WithSentence()
    {
        ApprovalFlow flow = Flow();
        string token = _tokens.Issue(_tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));
        _time.Now = Now.AddDays(4);

        ApprovalPageResult page = await flow.ShowAsync(token);

        Assert.Equal(410, page.StatusCode);
        Assert.Contains("has expired", page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maybe", null)]
    [InlineData("approve", "1,x")]
    [InlineData("approve", "-1")]
    public async Task DecideAsync_BadForm_ThrowsFormException(string decision, string? chunks)
    {
        ApprovalFlow flow = Flow();
        string token = _tokens.Issue(_tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));

        await Assert.ThrowsAsync<ApprovalFormException>(() => flow.DecideAsync(token, decision, null, chunks));
    }

    private sealed class StateSource : IApprovalStateSource
    {
        public string? Round { get; set; } = "round-1";

        public Task<AwaitingApproval?> FindAwaitingAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken) =>
            Task.FromResult(Round is null
                ? null
                : new AwaitingApproval(Round, new ApprovalContext("Spring launch", new Uri("https://media.example.com/p.mp4"), null, ["safety: pass"])));
    }

    private sealed class FixedTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = TrustTestData.Now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
