using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VideoGen.Pipeline.Approvals;

/// <summary>A rendered page and the HTTP status to send it with.</summary>
/// <param name="StatusCode">200 for the confirmation page, 4xx for a refused token.</param>
/// <param name="Html">The page.</param>
/// <param name="ContentSecurityPolicy">Send as the <c>Content-Security-Policy</c> header.</param>
/// <param name="Failure">Why the token was refused, when it was.</param>
public sealed record ApprovalPageResult(int StatusCode, string Html, string ContentSecurityPolicy, ApprovalTokenException? Failure);

/// <summary>
/// The two approval endpoints as calls a minimal-API handler makes: <see cref="ShowAsync"/> for GET (shows the page,
/// never decides, so link scanners are harmless) and <see cref="DecideAsync"/> for POST (validates, checks the
/// instance is still waiting in the token's round, redeems, and returns the event payload).
/// </summary>
public sealed partial class ApprovalFlow
{
    private readonly ApprovalTokenService _tokens;
    private readonly ApprovalRedemptions _redemptions;
    private readonly IApprovalStateSource _state;
    private readonly ApprovalPage _page;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the flow.</summary>
    public ApprovalFlow(
        ApprovalTokenService tokens,
        ApprovalRedemptions redemptions,
        IApprovalStateSource state,
        ApprovalPage page,
        TimeProvider? time = null,
        ILogger<ApprovalFlow>? logger = null)
    {
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _redemptions = redemptions ?? throw new ArgumentNullException(nameof(redemptions));
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _page = page ?? throw new ArgumentNullException(nameof(page));
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>GET: the confirmation page, or an error page with a 4xx status when the token cannot be used.</summary>
    public async Task<ApprovalPageResult> ShowAsync(string token, CancellationToken cancellationToken = default)
    {
        try
        {
            (ApprovalGrant grant, AwaitingApproval awaiting) = await CheckAsync(token, cancellationToken).ConfigureAwait(false);

            return new ApprovalPageResult(
                200, _page.RenderConfirmation(grant, awaiting.Context, token), ApprovalPage.ContentSecurityPolicy(awaiting.Context), null);
        }
        catch (ApprovalTokenException e)
        {
            return ErrorPage(e);
        }
    }

    /// <summary>
    /// POST: records the decision and returns the <see cref="ApprovalDecision"/> to raise as the
    /// <c>ApprovalDecision</c> event on <c>Grant.InstanceId</c>, with the result page.
    /// </summary>
    /// <param name="token">The token from the form.</param>
    /// <param name="decision"><c>approve</c> or <c>reject</c> (case-insensitive).</param>
    /// <param name="feedback">Optional feedback.</param>
    /// <param name="chunks">Optional chunk indexes to re-render, separated by commas or spaces.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <exception cref="ApprovalTokenException">The token cannot be used; render it with <see cref="ErrorPage"/>.</exception>
    /// <exception cref="ApprovalFormException">The decision or chunk list is not valid (status 400).</exception>
    public async Task<(ApprovalGrant Grant, ApprovalDecision Decision, string Html)> DecideAsync(
        string token, string decision, string? feedback, string? chunks, CancellationToken cancellationToken = default)
    {
        ApprovalDecisionKind kind = ParseDecision(decision);
        IReadOnlyList<int>? chunkList = ParseChunks(chunks);
        if (feedback?.Length > ApprovalRedemptions.MaxFeedbackLength)
        {
            throw new ApprovalFormException("feedback", $"Feedback is limited to {ApprovalRedemptions.MaxFeedbackLength} characters.");
        }

        (ApprovalGrant grant, _) = await CheckAsync(token, cancellationToken).ConfigureAwait(false);
        RedeemResult result = await _redemptions.RedeemAsync(grant, kind, feedback, chunkList, _time.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
        return (grant, result.Decision, _page.RenderResult(grant, result.Decision));
    }

    /// <summary>
    /// For a token refused as already used: the recorded decision, when the run still waits in that token's round —
    /// the decision was recorded but never reached the run (the raise failed after the redemption). Raising it again
    /// is safe: the run takes one decision per round and ignores another round's. Null otherwise.
    /// </summary>
    public async Task<(string InstanceId, ApprovalDecision Decision)?> UndeliveredAsync(string token, ApprovalTokenException used, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(used);
        if (used.Reason != ApprovalTokenFailure.AlreadyUsed || used.ExistingDecision is not { } decision)
        {
            return null;
        }

        ApprovalGrant grant = _tokens.Validate(token, _time.GetUtcNow());
        AwaitingApproval? awaiting = await _state.FindAwaitingAsync(grant.Tenant, grant.InstanceId, cancellationToken).ConfigureAwait(false);
        return awaiting is not null && awaiting.Round == grant.Round && decision.Round == grant.Round
            ? (grant.InstanceId, decision)
            : null;
    }

    /// <summary>The error page for a refused token, with its HTTP status.</summary>
    public ApprovalPageResult ErrorPage(ApprovalTokenException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Log.Refused(_logger, error.Reason, error.Message);
        int status = error.Reason switch
        {
            ApprovalTokenFailure.Malformed => 400,
            ApprovalTokenFailure.BadSignature or ApprovalTokenFailure.UnknownKey => 403,
            ApprovalTokenFailure.AlreadyUsed => 409,
            _ => 410,
        };
        return new ApprovalPageResult(status, _page.RenderError(error), ApprovalPage.ContentSecurityPolicy(null), error);
    }

    /// <summary>
    /// Validates the token, refuses a used one (409, whatever the run is doing now — the reviewer sees their earlier
    /// decision), then checks that the run waits for this approval round.
    /// </summary>
    private async Task<(ApprovalGrant, AwaitingApproval)> CheckAsync(string token, CancellationToken cancellationToken)
    {
        ApprovalGrant grant = _tokens.Validate(token, _time.GetUtcNow());
        ApprovalDecision? existing = await _redemptions.GetAsync(grant.Tenant, grant.Nonce, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            throw new ApprovalTokenException(ApprovalTokenFailure.AlreadyUsed, "This approval token was already used.", existing);
        }

        AwaitingApproval? awaiting = await _state.FindAwaitingAsync(grant.Tenant, grant.InstanceId, cancellationToken).ConfigureAwait(false);
        if (awaiting is null)
        {
            throw new ApprovalTokenException(ApprovalTokenFailure.WrongInstance, $"Instance {grant.InstanceId} is not waiting for an approval.");
        }

        return string.Equals(awaiting.Round, grant.Round, StringComparison.Ordinal)
            ? (grant, awaiting)
            : throw new ApprovalTokenException(
                ApprovalTokenFailure.WrongInstance,
                $"The token is for approval round {grant.Round}, but instance {grant.InstanceId} is waiting in round {awaiting.Round}.");
    }

    private static ApprovalDecisionKind ParseDecision(string decision) => decision?.Trim().ToLowerInvariant() switch
    {
        "approve" => ApprovalDecisionKind.Approve,
        "reject" => ApprovalDecisionKind.Reject,
        _ => throw new ApprovalFormException("decision", "The decision must be 'approve' or 'reject'."),
    };

    private static int[]? ParseChunks(string? chunks)
    {
        if (string.IsNullOrWhiteSpace(chunks))
        {
            return null;
        }

        string[] parts = chunks.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > ApprovalRedemptions.MaxRerenderChunks)
        {
            throw new ApprovalFormException("chunks", $"At most {ApprovalRedemptions.MaxRerenderChunks} chunks may be listed.");
        }

        return parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new ApprovalFormException("chunks", $"'{(p.Length > 20 ? p[..20] : p)}' is not a chunk number.")).ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Warning, "Approval token refused ({Reason}): {Detail}")]
        public static partial void Refused(ILogger logger, ApprovalTokenFailure reason, string detail);
    }
}
